CREATE TABLE "needs_access_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject_id" integer NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"purpose" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_benefits" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"programme" text NOT NULL,
	"extra_horizon_days" smallint DEFAULT 0 NOT NULL,
	"ends_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_needs" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"sealed" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "needs_accessible" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "center_policies" ADD COLUMN "priority_release_hours" smallint DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "user_benefits" ADD CONSTRAINT "user_benefits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_needs" ADD CONSTRAINT "user_needs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_access_log_subject" ON "needs_access_log" USING btree ("subject_id","at");