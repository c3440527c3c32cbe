import { loadConfig } from './config';
import type { EmbeddedPostgres } from './db/embedded';
import { DEMO_USERS } from './seed/demo';
import { logger } from './logger';
import { startServer, type RunningServer, type StartHooks } from './server';
import { warmReadPath } from './read-warm-up';
import { warmUp } from './warm-up';

const config = loadConfig();
let embedded: EmbeddedPostgres | undefined;
let server: RunningServer | undefined;

// Registered before start-up, so a Ctrl+C while the database starts still stops it and exits 0
// (a death by signal is what makes pnpm print "ELIFECYCLE Command failed").
let stopping: Promise<void> | undefined;
let startup: Promise<unknown> = Promise.resolve();
function shutdown(signal: string): Promise<void> {
  return (stopping ??= (async () => {
    logger.info({ signal }, 'shutting down: HTTP server first, then the database');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await startup.catch(() => {});
    try {
      await server?.close();
      await embedded?.stop();
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
    process.exit(0);
  })());
}
process.on('SIGINT', () => void shutdown('SIGINT'));
// A library's fire-and-forget promise must not take the node down with every socket on it: the Redis
// adapter publishes without awaiting, and a publish in flight when Redis goes away rejects. What such a
// publish failed to deliver is caught up from the event log by seq, so the node logs it and keeps serving.
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection; the node keeps serving'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

async function fail(what: string, err: unknown): Promise<never> {
  logger.fatal({ err }, what);
  await embedded?.stop().catch(() => {});
  process.exit(1);
}

let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  // Loaded only here: a production install has no embedded PostgreSQL and always sets DATABASE_URL.
  const { EmbeddedPostgres } = await import('./db/embedded');
  const db = new EmbeddedPostgres({
    dir: config.embeddedPgDir,
    port: config.embeddedPgPort,
    database: 'schedhuler',
    log: (msg) => logger.info(msg),
  });
  embedded = db;
  const started = db.start();
  startup = started;
  databaseUrl = await started.catch((err: unknown) => fail('the embedded PostgreSQL did not start', err));
  logger.info({ dir: config.embeddedPgDir, port: config.embeddedPgPort }, 'embedded PostgreSQL started');
}

if (!stopping) {
  // `server` is set in the same step as start-up resolves, so a shutdown waiting on it sees it.
  // The first board open's read path runs once before the server listens (read-warm-up.ts).
  const beforeListen: StartHooks['beforeListen'] = (orm, services) => warmReadPath(orm, services, services.scheduling.clock.now().getTime());
  const starting = startServer(config, databaseUrl, { beforeListen }).then((s) => (server = s));
  startup = starting;
  await starting.catch((err: unknown) => fail('start-up failed', err));
}

if (server && !stopping) {
  // The client's built files compressed ahead of the first visitor (warm-up.ts), in the background:
  // /readyz and the first requests do not wait for it.
  void warmUp(server, config.clientDist);
  console.log(`\nschedhuler is running at http://localhost:${server.port}`);
  if (server.seeded || config.seedDemo) {
    console.log('Demo logins (board "Demo depot"): ' + DEMO_USERS.map((u) => `${u.username} / ${u.username}-demo`).join(', '));
  }
  console.log('Press Ctrl+C to stop.\n');
}
