import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp } from './app';
import type { AppConfig } from './config';
import { initOrm, migrate } from './db/orm';
import { answerClientErrors, requestTimeoutOptions } from './http/timeouts';
import { logger } from './logger';
import { RealtimeHub } from './realtime/socket-server';
import { seedDemoSchedules } from './scheduling/demo-schedules';
import { seedInitialAdmin } from './seed/admin';
import { seedDemo, type DemoScheduleSeeder } from './seed/demo';
import { createServices, type Services } from './services/index';

export interface RunningServer {
  url: string;
  port: number;
  orm: MikroORM;
  services: Services;
  /** Socket.IO on the HTTP port (tests and the benchmark count and drop sockets through it). */
  realtime: RealtimeHub;
  http: ServerType;
  seeded: boolean;
  close(): Promise<void>;
}

export interface StartHooks {
  /** Runs once the services exist, before the demo seed and before realtime subscribes to the bus: tests pin the clock here, so the seed is laid out around their instant. */
  beforeSeed?(services: Services): void;
  /** Runs once the app is built, before the server listens (main.ts: the read path's warm-up). */
  beforeListen?(orm: MikroORM, services: Services): Promise<void>;
  /** Overrides HORIZON_INTERVAL_MS (0: the worker's timer is off; tests run it with runOnce()). */
  horizonIntervalMs?: number;
}

/** HORIZON_INTERVAL_MS: how often the horizon worker runs (default 1 min; 0 turns it off). */
function horizonInterval(): number {
  const raw = process.env.HORIZON_INTERVAL_MS;
  const n = raw === undefined || raw === '' ? 60_000 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 60_000;
}

/** One server: its own ORM, services, HTTP listener, realtime hub and horizon worker; nothing shared with another in the same process. */
export async function startServer(config: AppConfig, databaseUrl: string, hooks: StartHooks = {}): Promise<RunningServer> {
  const orm = await initOrm(databaseUrl);
  await migrate(orm);
  const services = createServices(config, orm);
  hooks.beforeSeed?.(services);
  const demoSchedules: DemoScheduleSeeder = (em, boardId, adminId) =>
    seedDemoSchedules(services.scheduling, em, boardId, adminId, { overlap: config.demoOverlap });
  const seeded = config.seedDemo ? (await seedDemo(orm.em.fork(), [demoSchedules])).seeded : false;
  // A production database (no demo) gets its first admin from ADMIN_USERNAME / ADMIN_PASSWORD.
  if (config.initialAdmin && (await seedInitialAdmin(orm.em.fork(), config.initialAdmin))) {
    logger.info({ username: config.initialAdmin.username }, 'created the initial admin');
  }

  const app = createApp({ orm, services, config });
  await hooks.beforeListen?.(orm, services);
  const http = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: requestTimeoutOptions(config.requestTimeoutMs) }, () => resolve(s));
    answerClientErrors(s as Server, config.requestTimeoutMs);
  });
  const realtime = await RealtimeHub.start({ http, services, orm, config });
  const horizon = services.scheduling.horizon;
  horizon.start(hooks.horizonIntervalMs ?? horizonInterval());
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await horizon.stop();
      await realtime.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        (http as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await orm.close();
      logger.info('server stopped');
    })());
  return { url, port, orm, services, realtime, http, seeded, close };
}
