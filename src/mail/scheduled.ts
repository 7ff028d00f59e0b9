import { sql } from 'drizzle-orm';
import { noticeParams } from '../bookings/notices.js';
import { DEFAULT_POLICY } from '../bookings/policy.js';
import { type Database, inTransaction, queryRows } from '../db/client.js';
import { mailOnce } from '../db/schema.js';
import { approvalQueue } from '../schedules/approval.js';
import { addDaysToDate, type Clock, seoulDate, seoulInstant, seoulMinuteOfDay } from '../time/seoul.js';
import { enqueueMail } from './outbox.js';

/** The evening reminder leaves at 18:00 Seoul the day before; the daily digest at 08:00. */
export const EVENING_REMINDER_MINUTE = 18 * 60;
export const DIGEST_MINUTE = 8 * 60;
/** The check-in reminder leaves this long before the check-in window opens. */
export const CHECK_IN_REMINDER_MS = 15 * 60_000;

interface Due {
  id: number;
  user_id: number;
  starts_at: Date | string;
  ends_at: Date | string;
}

/**
 * Finds the reminders and digests that are due and puts each in the outbox once: the key is
 * inserted first (ON CONFLICT DO NOTHING), so two processes never both enqueue the same one,
 * and a run after downtime catches up on what is still ahead.
 */
export async function enqueueScheduledMail(deps: { db: Database; clock: Clock }) {
  const now = deps.clock.now();
  const today = seoulDate(now);
  let reminders = 0;
  let digests = 0;
  // The evening before: from 18:00, tomorrow's bookings still to come.
  if (seoulMinuteOfDay(now) >= EVENING_REMINDER_MINUTE) {
    const from = seoulInstant(addDaysToDate(today, 1), 0);
    const to = seoulInstant(addDaysToDate(today, 2), 0);
    const due = await queryRows<Due>(
      deps.db,
      sql`select b.id, b.user_id, b.starts_at, b.ends_at from bookings b
           where b.status = 'booked' and b.starts_at >= ${from.toISOString()}::timestamptz
             and b.starts_at < ${to.toISOString()}::timestamptz
             and not exists (select 1 from mail_once o where o.key = 'booking:' || b.id || ':evening')
           order by b.starts_at limit 500`,
    );
    for (const b of due) if (await once(deps.db, `booking:${b.id}:evening`, now, b, 'reminder.evening')) reminders++;
  }
  // Fifteen minutes before the center's check-in window opens (and not once it has).
  const soon = await queryRows<Due>(
    deps.db,
    sql`select b.id, b.user_id, b.starts_at, b.ends_at from bookings b
          join desks d on d.id = b.desk_id
          join zones z on z.id = d.zone_id
          left join center_policies p on p.center_id = z.center_id
         where b.status = 'booked'
           and b.starts_at - make_interval(mins => coalesce(p.check_in_before_minutes, ${DEFAULT_POLICY.checkInBeforeMinutes}))
               - ${`${CHECK_IN_REMINDER_MS / 1000} seconds`}::interval <= ${now.toISOString()}::timestamptz
           and b.starts_at - make_interval(mins => coalesce(p.check_in_before_minutes, ${DEFAULT_POLICY.checkInBeforeMinutes}))
               > ${now.toISOString()}::timestamptz
           and not exists (select 1 from mail_once o where o.key = 'booking:' || b.id || ':check-in')
         order by b.starts_at limit 500`,
  );
  for (const b of soon) if (await once(deps.db, `booking:${b.id}:check-in`, now, b, 'reminder.checkIn')) reminders++;
  // Each morning, managers (and acting managers) with plans waiting get one digest.
  if (seoulMinuteOfDay(now) >= DIGEST_MINUTE) {
    const approvers = await queryRows<{ id: number }>(
      deps.db,
      sql`select u.id from users u
           where u.email is not null and not u.disabled and u.role in ('manager', 'admin')
             and not exists (select 1 from mail_once o where o.key = 'digest:' || u.id || ':' || ${today})`,
    );
    for (const a of approvers) {
      const waiting = await approvalQueue(deps.db, a.id, today);
      if (waiting.length === 0) continue;
      const sent = await inTransaction(deps.db, async (tx) => {
        if (!(await claim(tx, `digest:${a.id}:${today}`, now))) return false;
        return enqueueMail(tx, {
          userId: a.id,
          template: 'digest.approvals',
          params: { count: waiting.length, date: today },
          at: now,
        });
      });
      if (sent) digests++;
    }
  }
  return { reminders, digests };
}

async function once(
  db: Database,
  key: string,
  now: Date,
  b: Due,
  template: 'reminder.evening' | 'reminder.checkIn',
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (!(await claim(tx, key, now))) return false;
    const booking = { startsAt: new Date(b.starts_at), endsAt: new Date(b.ends_at) };
    return enqueueMail(tx, { userId: b.user_id, template, params: noticeParams(booking), at: now, bookingId: b.id });
  });
}

async function claim(tx: Database, key: string, at: Date): Promise<boolean> {
  const rows = await tx.insert(mailOnce).values({ key, at }).onConflictDoNothing().returning({ key: mailOnce.key });
  return rows.length > 0;
}
