import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from './logger';
import { warmReadPath } from './read-warm-up';
import { rawQuery } from './repositories/sql';
import { startTestServer, type TestServer } from './testing/test-server';

const NOW = Date.parse('2026-03-10T09:00:00Z');
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({}, 'readwarm', { now: NOW });
});
afterAll(async () => {
  await t?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Rows of every table a read could leave something in (sessions slide, events, idempotency, history). */
async function writtenRows(): Promise<Record<string, number>> {
  const em = t.orm.em.fork();
  const out: Record<string, number> = {};
  for (const table of ['app_session', 'board_event', 'idempotency_record', 'change_history', 'occurrence', 'job']) {
    const [row] = await rawQuery<{ n: string }>(em, `select count(*) as n from ${table}`);
    out[table] = Number(row?.n);
  }
  return out;
}

describe('read warm-up before the server listens (issue 13.2)', () => {
  it("reads the busiest board's first view around today as one of its members, through the real snapshot path, and writes nothing", async () => {
    const em = t.orm.em.fork();
    const [busiest] = await rawQuery<{ id: string }>(em, 'select id from board order by last_seq desc, id limit 1');
    const before = await writtenRows();
    const snapshot = vi.spyOn(t.services.boards, 'snapshot');
    await warmReadPath(t.orm, t.services, NOW);
    expect(snapshot).toHaveBeenCalledTimes(1);
    const [ctx, boardId, range, encoding, opts] = snapshot.mock.calls[0]!;
    expect(boardId).toBe(busiest!.id);
    const [member] = await rawQuery<{ n: string }>(em, 'select count(*) as n from membership where board_id = ? and user_id = ?', [boardId, ctx.actor!.id]);
    expect(Number(member!.n)).toBe(1);
    // The client's first window: the UTC day of "now" with a day either side.
    expect(range).toEqual({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-12T00:00:00.000Z' });
    expect(encoding).toBe('compact');
    expect(opts).toEqual({ raw: true, firstAssets: 32 });
    // It did read rows: the answer it built had the board's first rows in it.
    const built = (await snapshot.mock.results[0]!.value) as { assets: unknown[]; occurrences: unknown };
    expect(built.assets.length).toBeGreaterThan(0);
    expect(await writtenRows()).toEqual(before);
  });

  it('keeps nothing a user is answered from: the first open after it still builds its own answer', async () => {
    await warmReadPath(t.orm, t.services, NOW);
    const snapshot = vi.spyOn(t.services.boards, 'snapshot');
    const planner = await t.client('planner1');
    const em = t.orm.em.fork();
    const [busiest] = await rawQuery<{ id: string }>(em, 'select id from board order by last_seq desc, id limit 1');
    const res = await planner.request('GET', `/api/boards/${busiest!.id}?from=2026-03-09T00:00:00.000Z&to=2026-03-12T00:00:00.000Z&encoding=compact&firstAssets=32`);
    expect(res.status).toBe(200);
    expect(snapshot).toHaveBeenCalledTimes(1);
  });

  it('logs a failure and otherwise ignores it: start-up goes on', async () => {
    vi.spyOn(t.services.boards, 'snapshot').mockRejectedValue(new Error('boom'));
    const warn = vi.spyOn(logger, 'warn');
    await expect(warmReadPath(t.orm, t.services, NOW)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.objectContaining({ message: 'boom' }) }), expect.stringContaining('read warm-up failed'));
  });

  it('waits no longer than its bound for a read that hangs', async () => {
    vi.spyOn(t.services.boards, 'snapshot').mockReturnValue(new Promise(() => {}));
    const started = performance.now();
    await warmReadPath(t.orm, t.services, NOW, 100);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(2000);
  });

  it('reads nothing on a database without boards, and neither fails nor warns', async () => {
    const empty = await startTestServer({ seedDemo: false }, 'readwarm0');
    try {
      const snapshot = vi.spyOn(empty.services.boards, 'snapshot');
      const warn = vi.spyOn(logger, 'warn');
      await warmReadPath(empty.orm, empty.services, NOW);
      expect(snapshot).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await empty.stop();
    }
  });
});
