import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { entities } from '../entities/index';
import { migrationsList } from '../migrations/index';
import { prepareOnConnect } from '../repositories/prepared-statements';

export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Fail over to 503 within seconds when the pool cannot get a connection, instead of knex's 60 s.
    // Each new connection prepares the hot path's statements (`repositories/prepared.ts`).
    pool: { min: 0, max: 10, acquireTimeoutMillis: 10_000, afterCreate: prepareOnConnect },
    // Dates are timestamptz everywhere; never let the driver guess a zone.
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
    ...overrides,
  };
}

export async function initOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, overrides));
}

/** Session-level advisory lock key held while migrating (the demo seed uses 4242001). */
export const MIGRATION_LOCK = 4242000;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock on a connection of its own:
 * nodes starting together against an empty database take turns (the first migrates, the others
 * wait, then find nothing left to do) instead of racing to create the same tables. The lock is
 * released when that connection closes, also when the process dies mid-way.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  // A connection lost while idle would otherwise be an unhandled 'error' event; the query fails anyway.
  lock.on('error', () => {});
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.getMigrator().up();
    // Connections opened while the schema was missing or older could not prepare the hot path's
    // statements (`repositories/prepared-statements.ts`): open the pool anew on the current schema.
    await orm.reconnect();
    return applied.map((m) => m.name);
  } finally {
    await lock.end();
  }
}
