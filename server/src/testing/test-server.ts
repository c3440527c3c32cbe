import { loadConfig, type AppConfig } from '../config';
import { startServer, type RunningServer } from '../server';
import '../plugins';
import { HttpClient } from './http-client';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** A fresh client with its own cookie jar, optionally signed in as a demo user. */
  client(username?: string): Promise<HttpClient>;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<AppConfig> = {}, label = 'srv'): Promise<TestServer> {
  const db = await createTestDatabase(label);
  const config: AppConfig = { ...loadConfig({}), port: 0, host: '127.0.0.1', seedDemo: true, ...overrides };
  const server = await startServer(config, db.url);
  const client = async (username?: string) => {
    const c = new HttpClient(server.url);
    if (username) await c.login(username, `${username}-demo`);
    return c;
  };
  return {
    ...server,
    db,
    client,
    stop: async () => {
      await server.close();
      await db.drop();
    },
  };
}
