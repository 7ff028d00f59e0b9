CREATE TABLE "user_homes" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"area_code" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "centers" ADD COLUMN "step_free" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "centers" ADD COLUMN "accessible_parking" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_homes" ADD CONSTRAINT "user_homes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;