import type { Statement } from './sql';

/*
 * Statements PostgreSQL parses and plans once per pooled connection instead of on every request.
 * Every new connection of the pool runs `PREPARE` for the list in `prepared-statements.ts` (the
 * pool's `afterCreate`, `db/orm.ts`); a request then sends `EXECUTE name(…)` with its values,
 * inlined by MikroORM like any statement's. Planning the gated create alone cost PostgreSQL ~1.4 ms
 * per request in the scheduling benchmark, about as much as running it.
 *
 * A connection opened before the schema is current (while migrating) cannot prepare them and is
 * left without; `migrate` reopens the pool afterwards. PostgreSQL re-plans a prepared statement by
 * itself when a table it reads changes, so only its result columns must stay the same across a
 * migration — the prepared statements answer with fixed columns, never `select *`.
 * SQL-level `PREPARE` is per server connection: not for pgbouncer in transaction mode.
 */

/** A statement with a name for `PREPARE`; its SQL uses the repositories' `?` placeholders. */
export interface PreparedSql {
  readonly name: string;
  readonly sql: string;
}

export function preparedSql(name: string, sql: string): PreparedSql {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`prepared statement name ${JSON.stringify(name)}: lower-case letters, digits and _ only`);
  return { name, sql };
}

/** The statement that runs `p` with these parameters (values inlined as for any statement). */
export function executing(p: PreparedSql, params: readonly unknown[]): Statement {
  return { sql: params.length ? `execute ${p.name}(${params.map(() => '?').join(', ')})` : `execute ${p.name}`, params };
}

/**
 * `?` → `$1, $2, …` outside string literals, quoted identifiers and comments. A jsonb operator
 * written `\\?` (see `sql.ts`) has no place in a prepared statement: refused, not misnumbered.
 */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c} in prepared SQL`);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '\\' && sql[i + 1] === '?') {
      throw new Error('a prepared statement cannot use a jsonb ? operator; use jsonb_exists');
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** One message that prepares all of `list` on a connection. */
export function prepareAllSql(list: readonly PreparedSql[]): string {
  const names = new Set<string>();
  for (const p of list) {
    if (names.has(p.name)) throw new Error(`prepared statement ${p.name} is listed twice`);
    names.add(p.name);
  }
  return list.map((p) => `prepare ${p.name} as ${numberPlaceholders(p.sql)}`).join(';\n');
}
