import type { EntityManager } from '@mikro-orm/postgresql';

/*
 * How repositories talk to PostgreSQL: MikroORM's public connection API on the manager's own
 * transaction context — inside `em.transactional` the statement is part of that transaction, outside
 * it runs on a pooled connection. No second pool, no knex internals.
 *
 * Placeholders are MikroORM's: each `?` is replaced by the quoted value of the next parameter
 * (`Platform.formatQuery`), so a `?` meant for PostgreSQL — the jsonb operators `?`, `?|`, `?&`, or
 * one inside a string literal of the SQL text — must be written `\\?` (or use `jsonb_exists`, which
 * needs no escaping). A `?` inside a parameter's value is safe: values are quoted, never rescanned.
 * Parameters: arrays go as array literals (`pgArray`, `intArray`), not as JS arrays (those would be
 * spread into a comma list); dates, numbers, booleans, null and strings as they are.
 * Errors are MikroORM's driver exceptions, which carry the driver's `code` and `constraint`.
 */

/** Runs one statement and resolves to its rows. */
export type Query = <T extends object>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

export function rawQuery<T extends object>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(text, params as unknown[], 'all', em.getTransactionContext());
}

/** `sql` bound to a manager (the transaction's own manager inside `em.transactional`). */
export const queryOf =
  (em: EntityManager): Query =>
  (text, params) =>
    rawQuery(em, text, params);

/** One statement of a `batch`. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/**
 * Several statements in ONE round trip (one simple-protocol message, `;`-separated; parameters are
 * inlined by MikroORM anyway), run in order, each with its own snapshot; resolves to each one's rows.
 * The first failing statement fails the call, and the caller's transaction with it.
 */
export async function batch(em: EntityManager, statements: readonly Statement[]): Promise<unknown[][]> {
  if (statements.length === 1) return [await rawQuery(em, statements[0]!.sql, statements[0]!.params)];
  const rows = await rawQuery<unknown[]>(em, statements.map((s) => s.sql).join(';\n'), statements.flatMap((s) => s.params));
  return rows;
}

/** `{1,NULL,3}`: an int array literal where null stays NULL. */
export const intArray = (values: readonly (number | null | undefined)[]) => `{${values.map((v) => (v == null ? 'NULL' : String(v))).join(',')}}`;
