import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp } from './app';
import type { AppConfig } from './config';
import { initOrm, migrate } from './db/orm';
import { answerClientErrors, requestTimeoutOptions } from './http/timeouts';
import { logger } from './logger';
import { seedInitialAdmin } from './seed/admin';
import { seedDemo, type DemoScheduleSeeder } from './seed/demo';
import { createServices, type Services } from './services/index';

/** Feature modules (scheduling, realtime) plug in here, so the core needs no knowledge of them. */
export interface Plugin {
  name: string;
  register?(services: Services, orm: MikroORM, config: AppConfig): void;
  demoSeeder?: DemoScheduleSeeder;
  attach?(ctx: { http: ServerType; services: Services; orm: MikroORM; config: AppConfig }): Promise<() => Promise<void>> | (() => Promise<void>);
}

export const plugins: Plugin[] = [];

export interface RunningServer {
  url: string;
  port: number;
  orm: MikroORM;
  services: Services;
  http: ServerType;
  seeded: boolean;
  close(): Promise<void>;
}

export interface StartHooks {
  /** Runs once the plugins have registered, before the demo seed: tests pin the clock here, so the seed is laid out around their instant. */
  beforeSeed?(services: Services): void;
}

export async function startServer(config: AppConfig, databaseUrl: string, hooks: StartHooks = {}): Promise<RunningServer> {
  const orm = await initOrm(databaseUrl);
  await migrate(orm);
  const services = createServices(config);
  for (const p of plugins) p.register?.(services, orm, config);
  hooks.beforeSeed?.(services);
  const seeded = config.seedDemo
    ? (await seedDemo(orm.em.fork(), plugins.flatMap((p) => (p.demoSeeder ? [p.demoSeeder] : [])))).seeded
    : false;
  // A production database (no demo) gets its first admin from ADMIN_USERNAME / ADMIN_PASSWORD.
  if (config.initialAdmin && (await seedInitialAdmin(orm.em.fork(), config.initialAdmin))) {
    logger.info({ username: config.initialAdmin.username }, 'created the initial admin');
  }

  const app = createApp({ orm, services, config });
  const http = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: requestTimeoutOptions(config.requestTimeoutMs) }, () => resolve(s));
    answerClientErrors(s as Server, config.requestTimeoutMs);
  });
  const detachers: (() => Promise<void>)[] = [];
  for (const p of plugins) if (p.attach) detachers.push(await p.attach({ http, services, orm, config }));
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const d of detachers.reverse()) await d();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        (http as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await orm.close();
      logger.info('server stopped');
    })());
  return { url, port, orm, services, http, seeded, close };
}
