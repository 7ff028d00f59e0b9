ALTER TYPE "public"."organisation_kind" ADD VALUE 'civilian';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'partner_admin';--> statement-breakpoint
CREATE TABLE "civilian_approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_id" integer,
	CONSTRAINT "civilian_approvals_user_org" UNIQUE("user_id","organisation_id"),
	CONSTRAINT "civilian_approvals_status" CHECK ("civilian_approvals"."status" in ('requested', 'approved', 'refused', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "partner_shares" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"percent" smallint NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_shares_percent" CHECK ("partner_shares"."percent" between 1 and 100),
	CONSTRAINT "partner_shares_dates" CHECK ("partner_shares"."valid_to" is null or "partner_shares"."valid_to" >= "partner_shares"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "civilian_approvals" ADD CONSTRAINT "civilian_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "civilian_approvals" ADD CONSTRAINT "civilian_approvals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "civilian_approvals" ADD CONSTRAINT "civilian_approvals_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_shares" ADD CONSTRAINT "partner_shares_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_shares" ADD CONSTRAINT "partner_shares_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "civilian_approvals_org_status" ON "civilian_approvals" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "partner_shares_center_org" ON "partner_shares" USING btree ("center_id","organisation_id");