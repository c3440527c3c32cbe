import type pg from 'pg';
import { BOARD_EVENT_PREPARED } from './board-event.repository';
import { HISTORY_PREPARED } from './change-history.repository';
import { JOB_PREPARED } from './job.repository';
import { prepareAllSql, type PreparedSql } from './prepared';

/** Every prepared statement (`prepared.ts`): the create path and what every write sends. */
export const PREPARED_STATEMENTS: readonly PreparedSql[] = [...JOB_PREPARED, ...HISTORY_PREPARED, ...BOARD_EVENT_PREPARED];

const PREPARE_ALL = prepareAllSql(PREPARED_STATEMENTS);

/** SQLSTATEs of a schema that is not there yet (a table, column, type or function a statement names). */
const SCHEMA_NOT_READY = new Set(['42P01', '42703', '42704', '42883', '3F000']);

/**
 * The pool's `afterCreate` (knex's pool option, passed through MikroORM's `pool`): prepares every
 * statement on a new connection. Before migrations have run the schema is missing, and the
 * connection is handed out without them (`migrate` reopens the pool when done); any other failure
 * fails the connection.
 */
export function prepareOnConnect(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void): void {
  conn.query(PREPARE_ALL).then(
    () => done(null, conn),
    (err: Error & { code?: string }) => done(SCHEMA_NOT_READY.has(err.code ?? '') ? null : err, conn),
  );
}
