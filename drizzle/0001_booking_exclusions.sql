-- No double booking, enforced by PostgreSQL itself so that no interleaving of requests,
-- processes or jobs can break it. Ranges are half-open [start, end): a booking ending at
-- 12:00 does not collide with one starting at 12:00. Cancelled, completed and no-show
-- bookings no longer hold the slot.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_desk_overlap"
  EXCLUDE USING gist ("desk_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'checked_in'));
--> statement-breakpoint
-- One person cannot be in two places at once either.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_user_overlap"
  EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'checked_in'));
