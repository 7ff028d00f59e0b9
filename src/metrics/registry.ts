import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read from the running process, each set by whoever owns it (sockets, jobs, outbox). */
export interface MetricsSources {
  /** Socket.IO connections open on this process. */
  sockets?: () => number;
  /** Seconds since the booking lifecycle job last finished in this process (it runs every minute). */
  jobLagSeconds?: () => number | undefined;
  /** Webhook deliveries waiting in the outbox, and how long the oldest due one has waited. */
  outbox?: () => Promise<{ pending: number; oldestDueSeconds: number }>;
  /** Statements this process has sent to the database since it started. */
  dbStatements?: () => number;
  /** The most connections this process opens to PostgreSQL (DATABASE_POOL_MAX). */
  dbPoolMax?: () => number | undefined;
}

export interface AppMetrics {
  registry: Registry;
  sources: MetricsSources;
  /** One finished HTTP request, by route pattern (never the raw URL: ids would explode the series). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * The Prometheus metrics of one app (prom-client: the de facto Node client, with the process's
 * own CPU, memory, event-loop lag and GC metrics built in). A registry per app, not the global
 * one, so several apps in one test process do not collide.
 */
export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricsSources = {};
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  new Gauge({
    name: 'sws_sockets_connected',
    help: 'Socket.IO connections open on this process',
    registers: [registry],
    collect() {
      this.set(sources.sockets?.() ?? 0);
    },
  });
  new Gauge({
    name: 'sws_job_lag_seconds',
    help: 'Seconds since the booking lifecycle job last finished in this process (runs every 60 s)',
    registers: [registry],
    collect() {
      const lag = sources.jobLagSeconds?.();
      if (lag !== undefined) this.set(lag);
    },
  });
  const outboxPending = new Gauge({
    name: 'sws_outbox_pending',
    help: 'Webhook deliveries waiting in the outbox (webhook_deliveries with status pending)',
    registers: [registry],
  });
  new Gauge({
    name: 'sws_outbox_oldest_due_seconds',
    help: 'How long the oldest due webhook delivery has been waiting',
    registers: [registry],
    async collect() {
      if (!sources.outbox) return;
      const o = await sources.outbox();
      outboxPending.set(o.pending);
      this.set(o.oldestDueSeconds);
    },
  });
  let counted = 0;
  new Counter({
    name: 'sws_db_statements_total',
    help: 'Statements sent to the database by this process (PostgreSQL only)',
    registers: [registry],
    collect() {
      const now = sources.dbStatements?.() ?? 0;
      if (now > counted) this.inc(now - counted);
      counted = now;
    },
  });
  new Gauge({
    name: 'sws_db_pool_max',
    help: 'Connections this process may open to PostgreSQL (DATABASE_POOL_MAX)',
    registers: [registry],
    collect() {
      const max = sources.dbPoolMax?.();
      if (max !== undefined) this.set(max);
    },
  });
  return {
    registry,
    sources,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
