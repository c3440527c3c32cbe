import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities/index';
import { migrationsList } from '../migrations/index';

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
    pool: { min: 0, max: 10, acquireTimeoutMillis: 10_000 },
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

export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
