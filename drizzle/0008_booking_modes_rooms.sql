CREATE TABLE "booking_attendees" (
	"booking_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "booking_attendees_booking_id_user_id_pk" PRIMARY KEY("booking_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "center_policies" ADD COLUMN "desk_mode" text DEFAULT 'half_day' NOT NULL;--> statement-breakpoint
ALTER TABLE "center_policies" ADD COLUMN "room_mode" text DEFAULT 'hourly' NOT NULL;--> statement-breakpoint
ALTER TABLE "desks" ADD COLUMN "booking_mode" text;--> statement-breakpoint
ALTER TABLE "booking_attendees" ADD CONSTRAINT "booking_attendees_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_attendees" ADD CONSTRAINT "booking_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_attendees_user" ON "booking_attendees" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "center_policies" ADD CONSTRAINT "center_policies_modes" CHECK ("center_policies"."desk_mode" in ('free', 'half_day', 'whole_day', 'hourly') and "center_policies"."room_mode" in ('free', 'half_day', 'whole_day', 'hourly'));