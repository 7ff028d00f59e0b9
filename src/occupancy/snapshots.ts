import type { Database } from '../db/client.js';
import type { ChangeBus } from '../realtime/bus.js';
import { CenterCache } from '../realtime/center-cache.js';
import type { Clock } from '../time/seoul.js';
import { type LiveCenter, loadLiveCenter } from './live.js';

/**
 * The last live snapshot of each center, shared by every reader in this process: the sockets
 * (a reconnect storm after a deploy must not become one read per socket) and the center's day
 * page (each view showed the same counts and desk states, read again per request). A snapshot
 * lives five seconds at most, because "now" moves on (a booking starts, a check-in closes).
 */
export class LiveSnapshots {
  private readonly cache: CenterCache<LiveCenter | undefined>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    events: ChangeBus,
  ) {
    this.cache = new CenterCache(events, 5000, 1);
  }

  current(centerId: number): Promise<LiveCenter | undefined> {
    return this.cache.get(centerId, 'now', () => loadLiveCenter(this.db, centerId, this.clock.now()));
  }

  /** Reads the center afresh on the next `current` (a live update about to be sent). */
  forget(centerId: number): void {
    this.cache.forget(centerId);
  }

  close(): void {
    this.cache.close();
  }
}
