CREATE TABLE "schedule_settings" (
	"scope" text PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer
);
--> statement-breakpoint
ALTER TABLE "closures" ALTER COLUMN "center_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "closures" ADD COLUMN "reason_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "contracted_week_minutes" smallint;--> statement-breakpoint
ALTER TABLE "schedule_settings" ADD CONSTRAINT "schedule_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_days_pending" ON "plan_days" USING btree ("date") WHERE "plan_days"."attention" = 'pending';--> statement-breakpoint
ALTER TABLE "plan_days" ADD CONSTRAINT "plan_days_attention" CHECK ("plan_days"."attention" is null or "plan_days"."attention" in ('closed', 'full', 'leave', 'own_booking', 'pending', 'past', 'refused', 'cancelled'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_contracted_week" CHECK ("users"."contracted_week_minutes" is null or "users"."contracted_week_minutes" between 60 and 2400);--> statement-breakpoint
INSERT INTO "schedule_settings" ("scope") VALUES ('default') ON CONFLICT DO NOTHING;
