CREATE TABLE "booking_bans" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by_id" integer
);
--> statement-breakpoint
CREATE TABLE "booking_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"booking_id" integer NOT NULL,
	"from_status" "booking_status",
	"to_status" "booking_status" NOT NULL,
	"actor_id" integer,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "center_policies" (
	"center_id" integer PRIMARY KEY NOT NULL,
	"horizon_days" smallint DEFAULT 14 NOT NULL,
	"min_minutes" smallint DEFAULT 30 NOT NULL,
	"max_minutes" smallint DEFAULT 720 NOT NULL,
	"max_week_minutes" smallint DEFAULT 2400 NOT NULL,
	"check_in_before_minutes" smallint DEFAULT 15 NOT NULL,
	"check_in_after_minutes" smallint DEFAULT 30 NOT NULL,
	"no_show_limit" smallint DEFAULT 3 NOT NULL,
	"walk_ins_allowed" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	CONSTRAINT "center_policies_horizon" CHECK ("center_policies"."horizon_days" between 0 and 90),
	CONSTRAINT "center_policies_duration" CHECK (30 <= "center_policies"."min_minutes" and "center_policies"."min_minutes" <= "center_policies"."max_minutes" and "center_policies"."max_minutes" <= 1440),
	CONSTRAINT "center_policies_week" CHECK ("center_policies"."max_week_minutes" between 30 and 10080),
	CONSTRAINT "center_policies_check_in" CHECK ("center_policies"."check_in_before_minutes" between 0 and 120 and "center_policies"."check_in_after_minutes" between 5 and 240),
	CONSTRAINT "center_policies_no_show" CHECK ("center_policies"."no_show_limit" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "closures" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_id" integer,
	CONSTRAINT "closures_range" CHECK ("closures"."ends_on" >= "closures"."starts_on"),
	CONSTRAINT "closures_kind" CHECK ("closures"."kind" in ('holiday', 'maintenance', 'other'))
);
--> statement-breakpoint
ALTER TABLE "booking_bans" ADD CONSTRAINT "booking_bans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_bans" ADD CONSTRAINT "booking_bans_lifted_by_id_users_id_fk" FOREIGN KEY ("lifted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_events" ADD CONSTRAINT "booking_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "center_policies" ADD CONSTRAINT "center_policies_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "center_policies" ADD CONSTRAINT "center_policies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closures" ADD CONSTRAINT "closures_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closures" ADD CONSTRAINT "closures_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_bans_user" ON "booking_bans" USING btree ("user_id","ends_at");--> statement-breakpoint
CREATE INDEX "booking_events_booking" ON "booking_events" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "closures_center_dates" ON "closures" USING btree ("center_id","starts_on");