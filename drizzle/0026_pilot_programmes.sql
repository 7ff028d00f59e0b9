CREATE TABLE "programme_centers" (
	"programme_id" integer NOT NULL,
	"center_id" integer NOT NULL,
	CONSTRAINT "programme_centers_programme_id_center_id_pk" PRIMARY KEY("programme_id","center_id")
);
--> statement-breakpoint
CREATE TABLE "programme_desks" (
	"programme_id" integer NOT NULL,
	"desk_id" integer NOT NULL,
	CONSTRAINT "programme_desks_programme_id_desk_id_pk" PRIMARY KEY("programme_id","desk_id")
);
--> statement-breakpoint
CREATE TABLE "programme_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"status" text NOT NULL,
	"sealed_eligibility" text,
	"applied_at" timestamp with time zone NOT NULL,
	"approved_on" date,
	"decided_by_id" integer,
	CONSTRAINT "programme_members_once" UNIQUE("programme_id","user_id"),
	CONSTRAINT "programme_members_status" CHECK ("programme_members"."status" in ('applied', 'invited', 'approved', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "programme_organisations" (
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	CONSTRAINT "programme_organisations_programme_id_organisation_id_pk" PRIMARY KEY("programme_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "programme_survey_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"phase" text NOT NULL,
	"satisfaction" smallint NOT NULL,
	"productivity" smallint NOT NULL,
	"balance" smallint NOT NULL,
	CONSTRAINT "programme_survey_phase" CHECK ("programme_survey_answers"."phase" in ('before', 'after')),
	CONSTRAINT "programme_survey_scale" CHECK ("programme_survey_answers"."satisfaction" between 1 and 5 and "programme_survey_answers"."productivity" between 1 and 5 and "programme_survey_answers"."balance" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "programme_survey_done" (
	"programme_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"phase" text NOT NULL,
	CONSTRAINT "programme_survey_done_programme_id_user_id_phase_pk" PRIMARY KEY("programme_id","user_id","phase")
);
--> statement-breakpoint
CREATE TABLE "programme_withdrawn_totals" (
	"programme_id" integer NOT NULL,
	"target_group" text NOT NULL,
	"people" integer DEFAULT 0 NOT NULL,
	"smart_work_days" integer DEFAULT 0 NOT NULL,
	"weeks" double precision DEFAULT 0 NOT NULL,
	"baseline_days" integer DEFAULT 0 NOT NULL,
	"baseline_weeks" double precision DEFAULT 0 NOT NULL,
	"bookings" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"started" integer DEFAULT 0 NOT NULL,
	"km_saved" double precision DEFAULT 0 NOT NULL,
	"minutes_saved" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "programme_withdrawn_totals_programme_id_target_group_pk" PRIMARY KEY("programme_id","target_group")
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"goal" text NOT NULL,
	"goal_en" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"target_groups" text[] NOT NULL,
	"extra_horizon_days" smallint DEFAULT 0 NOT NULL,
	"weekly_quota_days" smallint,
	"published_at" timestamp with time zone,
	"published_summary" jsonb,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programmes_period" CHECK ("programmes"."ends_on" >= "programmes"."starts_on"),
	CONSTRAINT "programmes_horizon" CHECK ("programmes"."extra_horizon_days" between 0 and 90),
	CONSTRAINT "programmes_quota" CHECK ("programmes"."weekly_quota_days" is null or "programmes"."weekly_quota_days" between 1 and 5)
);
--> statement-breakpoint
-- Hand-written: the horizon benefits kept in user_benefits become programmes with approved
-- participants, so programme membership is the one source of booking benefits from now on.
-- Their eligibility was never declared in the app, so none is stored.
INSERT INTO "programmes" ("name", "name_en", "goal", "goal_en", "starts_on", "ends_on", "target_groups", "extra_horizon_days")
SELECT "programme", "programme", '', '', least(current_date, max("ends_on")), max("ends_on"), ARRAY['everyone']::text[], max("extra_horizon_days")
FROM "user_benefits" GROUP BY "programme";--> statement-breakpoint
INSERT INTO "programme_members" ("programme_id", "user_id", "status", "applied_at", "approved_on")
SELECT DISTINCT ON (p."id", b."user_id") p."id", b."user_id", 'approved', now(), p."starts_on"
FROM "user_benefits" b JOIN "programmes" p ON p."name" = b."programme";--> statement-breakpoint
DROP TABLE "user_benefits" CASCADE;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "hq_lat" double precision;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "hq_lng" double precision;--> statement-breakpoint
ALTER TABLE "programme_centers" ADD CONSTRAINT "programme_centers_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_centers" ADD CONSTRAINT "programme_centers_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_desks" ADD CONSTRAINT "programme_desks_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_desks" ADD CONSTRAINT "programme_desks_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_members" ADD CONSTRAINT "programme_members_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_organisations" ADD CONSTRAINT "programme_organisations_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_organisations" ADD CONSTRAINT "programme_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_survey_answers" ADD CONSTRAINT "programme_survey_answers_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_survey_done" ADD CONSTRAINT "programme_survey_done_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_survey_done" ADD CONSTRAINT "programme_survey_done_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_withdrawn_totals" ADD CONSTRAINT "programme_withdrawn_totals_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "programme_desks_desk" ON "programme_desks" USING btree ("desk_id");--> statement-breakpoint
CREATE INDEX "programme_members_user" ON "programme_members" USING btree ("user_id","status");