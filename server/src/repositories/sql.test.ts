import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../db/orm';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { queryOf, rawQuery } from './sql';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('sql');
  orm = await initOrm(db.url);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('rawQuery (MikroORM public connection API)', () => {
  it('quotes parameter values: a `?` inside a value is data, not a placeholder', async () => {
    const [row] = await rawQuery<{ a: string; b: number }>(orm.em.fork(), 'select ?::text as a, ?::int as b', ['What? Really?', 7]);
    expect(row).toEqual({ a: 'What? Really?', b: 7 });
  });

  it('jsonb key operators and `?` in literals: written `\\?` (or jsonb_exists) they reach PostgreSQL as written', async () => {
    const doc = JSON.stringify({ a: 1, 'b?': 2 });
    const [row] = await rawQuery<{ has: boolean; any: boolean; fn: boolean; none: boolean }>(
      orm.em.fork(),
      `select ?::jsonb \\? 'a' as has, ?::jsonb \\?| array['x', 'b\\?'] as any, jsonb_exists(?::jsonb, ?) as fn, ?::jsonb \\? 'zz' as none`,
      [doc, doc, doc, 'b?', doc],
    );
    expect(row).toEqual({ has: true, any: true, fn: true, none: false });
  });

  it('an unescaped `?` in the SQL text is a placeholder, even inside a string literal', async () => {
    const [row] = await rawQuery<{ lit: string; n: number | null }>(orm.em.fork(), "select 'a?b' as lit, ?::int as n", [1]);
    expect(row).toEqual({ lit: 'a1b', n: null });
  });

  it('array literals and dates as parameters', async () => {
    const [row] = await rawQuery<{ n: number; at: Date }>(orm.em.fork(), 'select cardinality(?::uuid[]) as n, ?::timestamptz as at', [
      '{00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-000000000002}',
      new Date('2031-05-01T08:00:00Z'),
    ]);
    expect(row!.n).toBe(2);
    expect(new Date(row!.at).toISOString()).toBe('2031-05-01T08:00:00.000Z');
  });

  it('inside em.transactional every statement runs in that transaction; an error rolls all of it back', async () => {
    await rawQuery(orm.em.fork(), 'create table sql_probe (v text primary key)');
    const txids = await orm.em.fork().transactional(async (tx) => {
      const q = queryOf(tx);
      const [a] = await q<{ t: string }>('select txid_current()::text as t');
      await q('insert into sql_probe (v) values (?)', ['kept']);
      const [b] = await q<{ t: string }>('select txid_current()::text as t');
      return [a!.t, b!.t];
    });
    expect(txids[0]).toBe(txids[1]);
    const failed = orm.em.fork().transactional(async (tx) => {
      const q = queryOf(tx);
      await q('insert into sql_probe (v) values (?)', ['rolled back']);
      await q('insert into sql_probe (v) values (?)', ['kept']);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505', constraint: 'sql_probe_pkey' });
    const rows = await rawQuery<{ v: string }>(orm.em.fork(), 'select v from sql_probe order by v');
    expect(rows.map((r) => r.v)).toEqual(['kept']);
  });
});
