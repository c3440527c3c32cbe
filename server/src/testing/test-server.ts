import { loadConfig, type AppConfig } from '../config';
import { startServer, type RunningServer } from '../server';
import type { AdjustableClock } from '../services/clock';
import { HttpClient } from './http-client';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** A fresh client with its own cookie jar, optionally signed in as a demo user. */
  client(username?: string): Promise<HttpClient>;
  /** The scheduling clock ("now" for every rule that looks at it); pinned when started with `now`. */
  clock: AdjustableClock;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Pins the server's clock to this instant before the demo seed runs, so the demo runs lie around it. */
  now?: Date | string | number;
  /**
   * Runs the horizon worker on its timer (first run 5 s after start). Off by default: its runs write
   * events on their own schedule, which made "nothing was stored" checks depend on when they ran.
   */
  horizonWorker?: boolean;
}

export async function startTestServer(overrides: Partial<AppConfig> = {}, label = 'srv', options: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase(label);
  const config: AppConfig = { ...loadConfig({}), port: 0, host: '127.0.0.1', seedDemo: true, demoOverlap: false, ...overrides };
  const server = await startServer(config, db.url, {
    horizonIntervalMs: options.horizonWorker ? undefined : 0,
    beforeSeed: (services) => {
      if (options.now !== undefined) services.scheduling.clock.set(options.now);
    },
  });
  const client = async (username?: string) => {
    const c = new HttpClient(server.url);
    if (username) await c.login(username, `${username}-demo`);
    return c;
  };
  return {
    ...server,
    db,
    client,
    clock: server.services.scheduling.clock,
    stop: async () => {
      await server.close();
      await db.drop();
    },
  };
}
