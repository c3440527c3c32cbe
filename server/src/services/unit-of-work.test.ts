import type { AssetDto, BoardEvent } from '@schedhuler/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus';
import { PREPARED_STATEMENTS } from '../repositories/prepared-statements';
import { rawQuery } from '../repositories/sql';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';
import { inTransaction, type Emit } from './unit-of-work';

let f: SchedulingFixture;
let asset: AssetDto;

beforeAll(async () => {
  f = await schedulingFixture('uow');
  asset = (await f.planner.get(`/api/boards/${f.boardId}/assets`)).body.assets[0];
});
afterAll(() => f?.t.stop());

/** One change: renames the asset and emits its event (the data as given). */
const rename = (name: string, data: AssetDto) => async (tx: EntityManager, emit: Emit) => {
  await rawQuery(tx, 'update asset set name = ? where id = ?', [name, asset.id]);
  emit(f.boardId, 'asset.updated', data);
};

describe('inTransaction (commit in the events round trip)', () => {
  it('the outermost change commits with its events, and publishes them after', async () => {
    const bus = new EventBus();
    const published: BoardEvent[] = [];
    bus.subscribe((events) => published.push(...events));
    const before = await f.seq();
    const { events } = await inTransaction(f.t.orm.em.fork(), bus, null, rename('Renamed, committed', { ...asset, name: 'Renamed, committed' }));
    expect(events.map((e) => [e.type, e.seq])).toEqual([['asset.updated', before + 1]]);
    expect(published).toEqual(events);
    expect(await f.count('asset where id = ? and name = ?', [asset.id, 'Renamed, committed'])).toBe(1);
    expect(await f.seq()).toBe(before + 1);
    // The pool's connections are back outside any transaction: nothing is left open or waiting.
    expect(await f.count(`pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`)).toBe(0);
  });

  it('a failure in that last round trip leaves nothing: the row change is rolled back and no event is stored', async () => {
    const before = await f.seq();
    // A lone surrogate: JSON.stringify writes it as an escape jsonb refuses, so the append fails in PostgreSQL.
    const bad = inTransaction(f.t.orm.em.fork(), new EventBus(), null, rename('Renamed, then failed', { ...asset, name: 'bad \ud800' }));
    await expect(bad).rejects.toThrow(/json/i);
    expect(await f.count('asset where name = ?', ['Renamed, then failed'])).toBe(0);
    expect(await f.seq()).toBe(before);
  });

  it("inside a caller's transaction it does not commit: the caller's rollback takes the change and its events", async () => {
    const before = await f.seq();
    const outer = f.t.orm.em.fork().transactional(async (tx) => {
      await inTransaction(tx, new EventBus(), null, rename('Renamed in a savepoint', { ...asset, name: 'Renamed in a savepoint' }));
      throw new Error('the caller fails after the change');
    });
    await expect(outer).rejects.toThrow('the caller fails after the change');
    expect(await f.count('asset where name = ?', ['Renamed in a savepoint'])).toBe(0);
    expect(await f.seq()).toBe(before);
  });
});

describe('prepared statements', () => {
  it('every pooled connection has the hot path prepared, also those opened while the server migrated at start', async () => {
    const names = PREPARED_STATEMENTS.map((p) => p.name).sort();
    // Three transactions at once hold three connections of the pool.
    const seen = await Promise.all(
      [0, 1, 2].map(() =>
        f.t.orm.em.fork().transactional(async (tx) => {
          const [row] = await rawQuery<{ pid: number; names: string[] }>(tx, 'select pg_backend_pid() as pid, array(select name::text from pg_prepared_statements order by name) as names, pg_sleep(0.2) is null');
          return row!;
        }),
      ),
    );
    expect(new Set(seen.map((s) => s.pid)).size).toBe(3);
    for (const s of seen) expect(s.names).toEqual(names);
  });
});
