import { releaseNoShows } from '../bookings/no-show-job.js';
import { promoteWaitlist } from '../bookings/waitlist.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { deliverMail, type MailDeps } from '../mail/delivery.js';
import { enqueueScheduledMail } from '../mail/scheduled.js';
import type { ChangeBus } from '../realtime/bus.js';
import { catchUpRollups } from '../reports/rollup.js';
import { rollPlansForward } from '../schedules/plan-bookings.js';
import type { Clock } from '../time/seoul.js';
import { deliverDue } from '../webhooks/delivery.js';

export interface Scheduler {
  stop(): Promise<void>;
  /** When the booking lifecycle job last finished in this process (for /metrics); undefined before its first run. */
  lastFinishedAt(): Date | undefined;
}

/**
 * Runs the booking lifecycle job in this process: once at start (catching up after any
 * downtime), then every `intervalMs`. Runs never overlap in one process; across processes
 * the job itself is safe to run concurrently.
 */
export function startJobs(
  deps: { db: Database; clock: Clock; events: ChangeBus; logger: Logger; needsKey: Buffer; mail?: MailDeps },
  intervalMs = 60_000,
): Scheduler {
  let running: Promise<void> | undefined;
  let lastFinishedAt: Date | undefined;
  const tick = () => {
    if (running) return;
    running = releaseNoShows(deps)
      .then(async (r) => {
        // Released desks, expired offers, and catching up on anything a crash left: the waitlist moves on.
        const w = await promoteWaitlist(deps);
        // Plan days entering their center's horizon are booked through the same admission path.
        const p = await rollPlansForward(deps);
        // Reminders and the managers' digest go into the mail outbox once each.
        const m = await enqueueScheduledMail(deps);
        if (m.reminders || m.digests) deps.logger.info(m, 'scheduled mail');
        if (r.released || r.completed || r.banned || w.booked || w.offered || p.booked || p.unbooked)
          deps.logger.info(
            { ...r, ...w, planDaysBooked: p.booked, planDaysUnbooked: p.unbooked },
            'booking lifecycle job',
          );
      })
      .then(() => {
        lastFinishedAt = new Date();
      })
      .catch((err) => deps.logger.error({ err }, 'booking lifecycle job failed'))
      .finally(() => {
        running = undefined;
      });
  };
  // Webhook deliveries leave the outbox every few seconds, in whichever process gets there first.
  let delivering: Promise<void> | undefined;
  const deliver = () => {
    if (delivering) return;
    delivering = deliverDue(deps)
      .then((d) => {
        if (d.delivered || d.failed || d.retrying) deps.logger.info(d, 'webhook deliveries');
      })
      .catch((err) => deps.logger.error({ err }, 'webhook delivery job failed'))
      .finally(() => {
        delivering = undefined;
      });
  };
  // Mail leaves its outbox the same way, in whichever process claims it first.
  let mailing: Promise<void> | undefined;
  const mail = () => {
    if (mailing || !deps.mail) return;
    mailing = deliverMail(deps.mail)
      .then((d) => {
        if (d.sent || d.failed || d.retrying) deps.logger.info(d, 'mail deliveries');
      })
      .catch((err) => deps.logger.error({ err }, 'mail delivery job failed'))
      .finally(() => {
        mailing = undefined;
      });
  };
  // Report aggregates: the days that bookings changed are re-aggregated every few seconds (and all
  // of them at start, catching up), apart from the lifecycle job so a long catch-up never delays it.
  let rolling: Promise<void> | undefined;
  const rollup = () => {
    if (rolling) return;
    rolling = catchUpRollups(deps.db)
      .then((days) => {
        if (days) deps.logger.info({ days }, 'report aggregates refreshed');
      })
      .catch((err) => deps.logger.error({ err }, 'report aggregates job failed'))
      .finally(() => {
        rolling = undefined;
      });
  };
  tick();
  rollup();
  const rollupTimer = setInterval(rollup, Math.min(intervalMs, 10_000));
  rollupTimer.unref();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const deliveryTimer = setInterval(deliver, Math.min(intervalMs, 5_000));
  deliveryTimer.unref();
  const mailTimer = setInterval(mail, Math.min(intervalMs, 5_000));
  mailTimer.unref();
  return {
    lastFinishedAt: () => lastFinishedAt,
    stop: async () => {
      clearInterval(timer);
      clearInterval(deliveryTimer);
      clearInterval(mailTimer);
      clearInterval(rollupTimer);
      await Promise.all([running, delivering, mailing, rolling]);
    },
  };
}
