import type { ChangeBus } from './bus.js';

/**
 * Values read about one center, kept for a few seconds and dropped the moment the center
 * changes: at once for changes this process makes (the bus's onPublish), within milliseconds
 * for other processes' (their NOTIFY). The time limit covers what the bus does not carry and
 * "now" moving on. A failed read is not kept.
 */
export class CenterCache<T> {
  private readonly entries = new Map<number, Map<string, { at: number; value: Promise<T> }>>();
  private readonly stops: (() => void)[];

  constructor(
    events: ChangeBus,
    private readonly ttlMs: number,
    /** Keys per center (dates, say), so a crawler walking every date cannot grow it without bound. */
    private readonly maxKeys = 64,
    /** Centers, so a crawler asking for every id (real or not) cannot grow it without bound either. */
    private readonly maxCenters = 1024,
  ) {
    const drop = (event: Parameters<Parameters<ChangeBus['subscribe']>[0]>[0]) => {
      if (event.type === 'center') this.entries.delete(event.centerId);
    };
    this.stops = [events.subscribe(drop), events.onPublish(drop)];
  }

  get(centerId: number, key: string, load: () => Promise<T>): Promise<T> {
    let byKey = this.entries.get(centerId);
    const hit = byKey?.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    if (!byKey) {
      if (this.entries.size >= this.maxCenters) this.entries.clear();
      byKey = new Map();
      this.entries.set(centerId, byKey);
    }
    if (byKey.size >= this.maxKeys) byKey.clear();
    const value = load();
    const entry = { at: Date.now(), value };
    byKey.set(key, entry);
    value.catch(() => {
      if (byKey.get(key) === entry) byKey.delete(key);
    });
    return value;
  }

  /** The next `get` of this center reads afresh. */
  forget(centerId: number): void {
    this.entries.delete(centerId);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.entries.clear();
  }
}
