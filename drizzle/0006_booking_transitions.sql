-- A booking's status moves only along these transitions, whatever code runs:
--   booked → checked_in → completed;  booked → cancelled;  booked → no_show;
--   checked_in → cancelled (an operator closing the center or taking the desk out of service).
-- The application checks the same table (src/bookings/transitions.ts); this is the last word.
CREATE OR REPLACE FUNCTION bookings_enforce_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF (OLD.status = 'booked' AND NEW.status IN ('checked_in', 'cancelled', 'no_show'))
     OR (OLD.status = 'checked_in' AND NEW.status IN ('completed', 'cancelled')) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'booking % cannot go from % to %', OLD.id, OLD.status, NEW.status
    USING ERRCODE = 'check_violation', CONSTRAINT = 'bookings_status_transition';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER bookings_status_transition
  BEFORE UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_enforce_transition();
