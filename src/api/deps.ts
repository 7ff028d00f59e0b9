import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { ChangeBus } from '../realtime/bus.js';
import type { Clock } from '../time/seoul.js';

/** What every API router is built from (passed in by src/api/router.ts). */
export interface ApiDeps {
  db: Database;
  clock: Clock;
  config: Config;
  events: ChangeBus;
}
