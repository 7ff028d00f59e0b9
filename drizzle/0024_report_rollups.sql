CREATE TABLE "report_desk_days" (
	"center_id" integer NOT NULL,
	"desk_id" integer NOT NULL,
	"day" date NOT NULL,
	"booked" integer NOT NULL,
	"present" integer NOT NULL,
	"no_show" integer NOT NULL,
	"cancelled" integer NOT NULL,
	"booked_minutes" integer NOT NULL,
	"stay_minutes" integer NOT NULL,
	CONSTRAINT "report_desk_days_center_id_day_desk_id_pk" PRIMARY KEY("center_id","day","desk_id")
);
--> statement-breakpoint
CREATE TABLE "report_dirty_days" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"day" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_hour_rollups" (
	"center_id" integer NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"desks_booked" integer NOT NULL,
	"desks_present" integer NOT NULL,
	CONSTRAINT "report_hour_rollups_center_id_day_hour_pk" PRIMARY KEY("center_id","day","hour")
);
--> statement-breakpoint
CREATE TABLE "report_user_days" (
	"center_id" integer NOT NULL,
	"day" date NOT NULL,
	"user_id" integer NOT NULL,
	"present" boolean NOT NULL,
	CONSTRAINT "report_user_days_center_id_day_user_id_pk" PRIMARY KEY("center_id","day","user_id")
);
--> statement-breakpoint
CREATE INDEX "report_desk_days_day" ON "report_desk_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_dirty_days_center_day" ON "report_dirty_days" USING btree ("center_id","day");--> statement-breakpoint
CREATE INDEX "report_hour_rollups_day" ON "report_hour_rollups" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_user_days_day" ON "report_user_days" USING btree ("day");--> statement-breakpoint
-- Hand-written (reports): every change of bookings appends the (center, Seoul day) pairs it touched to
-- report_dirty_days, once per statement (transition tables), so book() pays one small insert and
-- never waits for another booking: rows are only appended, the job removes exactly the ones it read.
CREATE OR REPLACE FUNCTION report_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_dirty_days (center_id, day)
    SELECT DISTINCT z.center_id, d.day::date
    FROM new_rows b JOIN desks k ON k.id = b.desk_id JOIN zones z ON z.id = k.zone_id
    CROSS JOIN LATERAL generate_series((b.starts_at AT TIME ZONE 'Asia/Seoul')::date,
      ((b.ends_at - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul')::date, interval '1 day') d(day);
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO report_dirty_days (center_id, day)
    SELECT DISTINCT z.center_id, d.day::date
    FROM (SELECT n.desk_id, n.starts_at, n.ends_at FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.status, n.desk_id, n.starts_at, n.ends_at, n.checked_in_at, n.user_id)
                IS DISTINCT FROM (o.status, o.desk_id, o.starts_at, o.ends_at, o.checked_in_at, o.user_id)
          UNION ALL
          SELECT o.desk_id, o.starts_at, o.ends_at FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.desk_id, n.starts_at, n.ends_at) IS DISTINCT FROM (o.desk_id, o.starts_at, o.ends_at)) b
    JOIN desks k ON k.id = b.desk_id JOIN zones z ON z.id = k.zone_id
    CROSS JOIN LATERAL generate_series((b.starts_at AT TIME ZONE 'Asia/Seoul')::date,
      ((b.ends_at - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul')::date, interval '1 day') d(day);
  ELSE
    INSERT INTO report_dirty_days (center_id, day)
    SELECT DISTINCT z.center_id, d.day::date
    FROM old_rows b JOIN desks k ON k.id = b.desk_id JOIN zones z ON z.id = k.zone_id
    CROSS JOIN LATERAL generate_series((b.starts_at AT TIME ZONE 'Asia/Seoul')::date,
      ((b.ends_at - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul')::date, interval '1 day') d(day);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER bookings_report_insert AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
--> statement-breakpoint
CREATE TRIGGER bookings_report_update AFTER UPDATE ON bookings REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
--> statement-breakpoint
CREATE TRIGGER bookings_report_delete AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_dirty();
--> statement-breakpoint
-- Bookings made before this migration: every (center, day) they touch is aggregated by the job's first runs.
INSERT INTO report_dirty_days (center_id, day)
SELECT DISTINCT z.center_id, d.day::date
FROM bookings b JOIN desks k ON k.id = b.desk_id JOIN zones z ON z.id = k.zone_id
CROSS JOIN LATERAL generate_series((b.starts_at AT TIME ZONE 'Asia/Seoul')::date,
  ((b.ends_at - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul')::date, interval '1 day') d(day);
