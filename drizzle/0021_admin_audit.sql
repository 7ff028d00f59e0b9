CREATE TABLE "admin_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"actor_id" integer,
	"entity" text NOT NULL,
	"entity_id" integer,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "centers" ADD COLUMN "directions" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "centers" ADD COLUMN "directions_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "admin_changes" ADD CONSTRAINT "admin_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_changes_at" ON "admin_changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "admin_changes_entity" ON "admin_changes" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "admin_changes_actor" ON "admin_changes" USING btree ("actor_id","at");--> statement-breakpoint
-- A retired desk (active = false) takes no new booking, whatever code runs. FOR SHARE waits for a
-- retirement in flight (which holds the desk FOR UPDATE) and then reads the committed row, so a
-- booking and a retirement of the same desk cannot both succeed.
CREATE OR REPLACE FUNCTION bookings_require_active_desk() RETURNS trigger AS $$
BEGIN
  PERFORM 1 FROM desks WHERE id = NEW.desk_id AND active FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'desk % is retired', NEW.desk_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_desk_active';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER bookings_desk_active
  BEFORE INSERT OR UPDATE OF desk_id ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_require_active_desk();
