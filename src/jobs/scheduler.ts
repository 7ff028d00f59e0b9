import { releaseNoShows } from '../bookings/no-show-job.js';
import { promoteWaitlist } from '../bookings/waitlist.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { ChangeBus } from '../realtime/bus.js';
import { rollPlansForward } from '../schedules/plan-bookings.js';
import type { Clock } from '../time/seoul.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Runs the booking lifecycle job in this process: once at start (catching up after any
 * downtime), then every `intervalMs`. Runs never overlap in one process; across processes
 * the job itself is safe to run concurrently.
 */
export function startJobs(
  deps: { db: Database; clock: Clock; events: ChangeBus; logger: Logger; needsKey: Buffer },
  intervalMs = 60_000,
): Scheduler {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = releaseNoShows(deps)
      .then(async (r) => {
        // Released desks, expired offers, and catching up on anything a crash left: the waitlist moves on.
        const w = await promoteWaitlist(deps);
        // Plan days entering their center's horizon are booked through the same admission path.
        const p = await rollPlansForward(deps);
        if (r.released || r.completed || r.banned || w.booked || w.offered || p.booked || p.unbooked)
          deps.logger.info(
            { ...r, ...w, planDaysBooked: p.booked, planDaysUnbooked: p.unbooked },
            'booking lifecycle job',
          );
      })
      .catch((err) => deps.logger.error({ err }, 'booking lifecycle job failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
