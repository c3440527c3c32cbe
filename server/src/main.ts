import { loadConfig } from './config';
import type { EmbeddedPostgres } from './db/embedded';
import { DEMO_USERS } from './seed/demo';
import { logger } from './logger';
import { startServer } from './server';
import './plugins';

const config = loadConfig();
let embedded: EmbeddedPostgres | undefined;
let databaseUrl = config.databaseUrl;

if (!databaseUrl) {
  // Loaded only here: a production install has no embedded PostgreSQL and always sets DATABASE_URL.
  const { EmbeddedPostgres } = await import('./db/embedded');
  embedded = new EmbeddedPostgres({
    dir: config.embeddedPgDir,
    port: config.embeddedPgPort,
    database: 'schedhuler',
    log: (msg) => logger.info(msg),
  });
  databaseUrl = await embedded.start().catch((err: unknown) => {
    logger.fatal({ err }, 'the embedded PostgreSQL did not start');
    process.exit(1);
  });
  logger.info({ dir: config.embeddedPgDir, port: config.embeddedPgPort }, 'embedded PostgreSQL started');
}

const server = await startServer(config, databaseUrl).catch(async (err) => {
  logger.fatal({ err }, 'start-up failed');
  await embedded?.stop();
  process.exit(1);
});

const publicUrl = `http://localhost:${server.port}`;
console.log(`\nschedhuler is running at ${publicUrl}`);
if (server.seeded || config.seedDemo) {
  console.log('Demo logins (board "Demo depot"): ' + DEMO_USERS.map((u) => `${u.username} / ${u.username}-demo`).join(', '));
}
console.log('Press Ctrl+C to stop.\n');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: HTTP server first, then the database');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  try {
    await server.close();
    await embedded?.stop();
  } catch (err) {
    logger.error({ err }, 'error during shutdown');
    process.exitCode = 1;
  }
  process.exit();
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
