import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ConflictKindLabel = 'rejected' | 'overlap';
export type LoginFailure = 'invalid_credentials' | 'rate_limited';

export interface PoolStats {
  used: number;
  pending: number;
}

export interface RealtimeStats {
  sockets: number;
  boards: number;
}

/**
 * What the app, the services and realtime record. Only this file knows prom-client; everyone
 * else calls these typed recorders (and imports the type alone), so the labels stay bounded and
 * in one place.
 */
export interface Metrics {
  /** `route` is the matched route template (`/api/jobs/:jobId`), never the raw path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  eventBroadcast(): void;
  /** Seconds from the commit of an event's transaction to its emit to the board room. */
  broadcastLag(seconds: number): void;
  horizonRun(outcome: 'ok' | 'failed', occurrencesCreated: number): void;
  conflictOpened(kind: ConflictKindLabel): void;
  loginFailed(reason: LoginFailure): void;
  /** Read at scrape time; returns the function that stops reading it. */
  watchPool(read: () => PoolStats): () => void;
  watchRealtime(read: () => RealtimeStats): () => void;
  readonly contentType: string;
  scrape(): Promise<string>;
}

const PREFIX = 'schedhuler_';

/** A registry per server instance: tests run several servers in one process. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const http = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const broadcast = new Counter({ name: `${PREFIX}events_broadcast_total`, help: 'Board events emitted to Socket.IO rooms on this node', registers });
  const lag = new Histogram({
    name: `${PREFIX}broadcast_lag_seconds`,
    help: "Time from an event's commit to its emit to the board room (events committed on this node)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const horizonRuns = new Counter({ name: `${PREFIX}horizon_worker_runs_total`, help: 'Horizon worker runs by outcome', labelNames: ['outcome'] as const, registers });
  const horizonCreated = new Counter({ name: `${PREFIX}horizon_occurrences_generated_total`, help: 'Occurrences created by the horizon worker', registers });
  const conflicts = new Counter({ name: `${PREFIX}conflicts_total`, help: 'Conflicts opened (committed) by kind', labelNames: ['kind'] as const, registers });
  const logins = new Counter({ name: `${PREFIX}login_failures_total`, help: 'Failed sign-ins by reason', labelNames: ['reason'] as const, registers });

  let pool: (() => PoolStats) | undefined;
  let realtime: (() => RealtimeStats) | undefined;
  // Gauges read their sources at scrape time: no bookkeeping on the hot paths, and never stale.
  new Gauge({
    name: `${PREFIX}db_pool_connections_in_use`,
    help: 'Database connections held by open transactions on this node (single statements outside a transaction are not counted)',
    registers,
    collect() {
      this.set(pool?.().used ?? 0);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_acquires_waiting`,
    help: 'Transactions on this node waiting for a database pool connection',
    registers,
    collect() {
      this.set(pool?.().pending ?? 0);
    },
  });
  new Gauge({
    name: `${PREFIX}sockets_connected`,
    help: 'Socket.IO connections on this node',
    registers,
    collect() {
      this.set(realtime?.().sockets ?? 0);
    },
  });
  new Gauge({
    name: `${PREFIX}boards_watched`,
    help: 'Boards with at least one socket on this node',
    registers,
    collect() {
      this.set(realtime?.().boards ?? 0);
    },
  });
  // Series with labels appear once observed; start the known ones at zero so rates work from the first scrape.
  for (const kind of ['rejected', 'overlap'] as const) conflicts.inc({ kind }, 0);
  for (const reason of ['invalid_credentials', 'rate_limited'] as const) logins.inc({ reason }, 0);
  for (const outcome of ['ok', 'failed'] as const) horizonRuns.inc({ outcome }, 0);

  return {
    httpRequest: (method, route, status, seconds) => http.observe({ method, route, status: String(status) }, seconds),
    eventBroadcast: () => broadcast.inc(),
    broadcastLag: (seconds) => lag.observe(seconds),
    horizonRun: (outcome, created) => {
      horizonRuns.inc({ outcome });
      if (created) horizonCreated.inc(created);
    },
    conflictOpened: (kind) => conflicts.inc({ kind }),
    loginFailed: (reason) => logins.inc({ reason }),
    watchPool: (read) => {
      pool = read;
      return () => {
        if (pool === read) pool = undefined;
      };
    },
    watchRealtime: (read) => {
      realtime = read;
      return () => {
        if (realtime === read) realtime = undefined;
      };
    },
    contentType: registry.contentType,
    scrape: () => registry.metrics(),
  };
}
