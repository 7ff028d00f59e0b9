import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { LocalBus } from '../../src/realtime/bus.js';
import { type TestApp, testConfig } from './app.js';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  slash?: boolean;
};

/**
 * Every route the app really has, from its router stack, as 'METHOD /path' with Express's :params.
 * Routers mounted at '/' are the web app; the one mounted elsewhere is the API, under /api/v1.
 */
export function appRoutes(t: Pick<TestApp, 'database' | 'clock'>): string[] {
  const { app } = createApp({
    database: t.database,
    clock: t.clock,
    config: testConfig(),
    logger: createLogger(testConfig()),
    events: new LocalBus(),
  });
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          if (m !== 'head' && m !== 'options') out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) walk(layer.handle.stack, layer.slash ? prefix : '/api/v1');
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)];
}
