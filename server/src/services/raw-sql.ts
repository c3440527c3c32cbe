import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * Hot statements (the create path) bypass `em.execute`: MikroORM inlines every parameter into the
 * SQL text and knex wraps the call in its query machinery, ~3× the cost of a plain `pg` query.
 * Here the statement goes to the same pg connection with `$n` parameters — inside a transaction
 * the transaction's own connection (so it is part of it), otherwise one borrowed from the ORM's
 * pool. Errors are the driver's own (`code`, `constraint`), like those of `em.execute`.
 */

interface KnexClientLike {
  acquireConnection(): Promise<pg.Client>;
  releaseConnection(c: pg.Client): unknown;
}

const numberedCache = new Map<string, string>();

/** MikroORM `?` placeholders → `$1, $2, …` (none of our SQL uses `?` as an operator). */
export function numbered(sql: string): string {
  let out = numberedCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (numberedCache.size < 500) numberedCache.set(sql, out);
  }
  return out;
}

/** Runs one statement and resolves to its rows: `rawQuery` bound to a manager, or a `sqlTransaction`'s connection. */
export type Query = <T extends object>(sql: string, params: unknown[]) => Promise<T[]>;

export const queryOf = (em: EntityManager): Query => (sql, params) => rawQuery(em, sql, params);

export async function rawQuery<T extends object>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const trx = em.getTransactionContext<{ client: KnexClientLike }>();
  if (trx) {
    const conn = await trx.client.acquireConnection();
    return (await conn.query<T>(numbered(sql), params)).rows;
  }
  const client = em.getConnection().getKnex().client as KnexClientLike;
  const conn = await client.acquireConnection();
  try {
    return (await conn.query<T>(numbered(sql), params)).rows;
  } finally {
    await client.releaseConnection(conn);
  }
}

/**
 * BEGIN … COMMIT on a connection of the ORM's pool, for transactions that only run SQL (no entities):
 * `em.transactional` costs ~4× the CPU of these two statements (knex builds a transactor per call).
 * Any error rolls back and is rethrown; a connection whose rollback fails is not reused.
 */
export async function sqlTransaction<T>(em: EntityManager, work: (q: Query) => Promise<T>): Promise<T> {
  const client = em.getConnection().getKnex().client as KnexClientLike;
  const conn = await client.acquireConnection();
  try {
    await conn.query('begin');
    try {
      const result = await work(async (sql, params) => (await conn.query(numbered(sql), params)).rows);
      await conn.query('commit');
      return result;
    } catch (err) {
      await conn.query('rollback').catch((rollbackErr: unknown) => {
        // knex's pg dialect drops connections marked like this instead of handing them out again.
        (conn as pg.Client & { __knex__disposed?: unknown }).__knex__disposed = rollbackErr;
      });
      throw err;
    }
  } finally {
    await client.releaseConnection(conn);
  }
}
