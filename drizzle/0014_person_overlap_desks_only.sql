ALTER TABLE "bookings" ADD COLUMN "holds_desk" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Rooms (meeting rooms, phone booths, nursing rooms) never held a desk: a parent at a desk
-- books the nursing room for 30 minutes, an attendee has a desk and a meeting.
UPDATE "bookings" b SET "holds_desk" = false FROM "desks" d WHERE b."desk_id" = d."id" AND d."kind" <> 'desk';
--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_no_user_overlap";
--> statement-breakpoint
-- A person is in one place at a time: at most one desk, whatever rooms they also hold.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_user_overlap"
  EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'checked_in') AND "holds_desk");
