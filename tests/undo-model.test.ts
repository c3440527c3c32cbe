import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OccurrenceDto } from '@schedhuler/shared';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { connectSocket, request, sleep, waitFor, type ClientSocket } from '@schedhuler/server/realtime/test-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';

/**
 * A seeded, randomized model test of undo and redo (issue 14): three planners interleave moves,
 * cancels, restores, batches, undos and redos on the same occurrences over HTTP, each with a real
 * socket client watching the board. After the run every client's board (built from the events it
 * received) equals the database, nothing is double-booked, and every refused undo named the change
 * that blocked it. Iterations: UNDO_MODEL_ITERATIONS, else 10,000 under `pnpm fuzz` (FUZZ_LONG=1), else 200.
 */
const ITERATIONS = Number(process.env.UNDO_MODEL_ITERATIONS ?? (process.env.FUZZ_LONG ? 10_000 : 200));
const SEED = Number(process.env.UNDO_MODEL_SEED ?? 20261129);
const OCCURRENCES = 12;
const DAY = '2027-09-02';

/** mulberry32: small, seeded, good enough to pick actions. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planner {
  name: string;
  http: HttpClient;
  socket: ClientSocket;
  /** Occurrences as this client's board sees them, from the events it received. */
  board: Map<string, OccurrenceDto>;
  seq: number;
}

let t: TestServer;
let boardId: string;
let assets: string[];
const planners: Planner[] = [];
const jobIds = new Set<string>();

beforeAll(async () => {
  t = await startTestServer({}, 'undomodel');
  await t.services.scheduling?.horizon?.stop();
  t.clock.set('2027-09-01T00:00:00Z');
  for (const name of ['planner1', 'planner2', 'supervisor']) {
    const http = await t.client(name);
    boardId ??= (await http.get('/api/boards')).body.boards[0].id;
    const socket = await connectSocket(t.url, { cookie: http.cookieHeader });
    const p: Planner = { name, http, socket, board: new Map(), seq: 0 };
    // Joined before any test write: the board is built from events alone.
    const seq = (await http.get(`/api/boards/${boardId}/events?since=0&limit=1`)).body.seq as number;
    const ack = await request(socket, 'board:join', { boardId, sinceSeq: seq });
    expect(ack.ok).toBe(true);
    p.seq = ack.seq;
    socket.on('board:event', (e) => {
      expect(e.seq, `${name} received events out of order`).toBe(p.seq + 1);
      p.seq = e.seq;
      if (e.type.startsWith('occurrence.')) p.board.set((e.data as OccurrenceDto).id, e.data as OccurrenceDto);
    });
    planners.push(p);
  }
  const admin = planners[0]!.http;
  assets = [];
  for (const code of ['UM-A', 'UM-B']) assets.push((await admin.post(`/api/boards/${boardId}/assets`, { code, name: `Model ${code}`, kind: 'person' })).body.asset.id);
  for (let i = 0; i < OCCURRENCES; i++) {
    const res = await planners[i % 3]!.http.post(`/api/boards/${boardId}/tasks`, {
      name: `Model run ${i}`,
      assetId: assets[i % 2],
      timezone: 'UTC',
      startsAt: `${DAY}T${String(i).padStart(2, '0')}:00:00Z`,
      planDurationMin: 60,
    });
    expect(res.status).toBe(201);
    jobIds.add(res.body.job.id);
  }
});
afterAll(async () => {
  for (const p of planners) p.socket.close();
  await t?.stop();
});

const dbOccurrences = async () =>
  t.orm.em.fork().execute<{ id: string; asset_id: string; starts_at: Date; ends_at: Date; status: string; version: number }[]>(
    `select id, asset_id, starts_at, ends_at, status, version from occurrence where job_id = any(?::uuid[]) order by id`,
    [`{${[...jobIds].join(',')}}`],
  );

describe(`undo/redo model (${ITERATIONS} actions, seed ${SEED})`, () => {
  it('three planners interleaving: clients equal the database, no double booking, every refused undo names its blocker', async () => {
    const random = rng(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const ids = () => [...planners[0]!.board.keys()];
    const slot = () => {
      const hour = Math.floor(random() * 47);
      const start = Date.parse(`${DAY}T00:00:00Z`) + hour * 1_800_000;
      return { assetId: pick(assets), startsAt: new Date(start).toISOString() };
    };
    const counts: Record<string, number> = {};
    const refusals: { planner: string; details: { kind: string; id: string; changedBy: { id: string } | null; changeId: string | null }[] }[] = [];
    const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);

    async function act(p: Planner): Promise<void> {
      const roll = random();
      const id = pick(ids());
      const seen = p.board.get(id)!;
      let res: { status: number; body: any };
      let kind: string;
      if (roll < 0.3) {
        kind = 'move';
        res = await p.http.patch(`/api/occurrences/${id}`, { expectedVersion: seen.version, ...slot() });
      } else if (roll < 0.4) {
        kind = 'cancel';
        res = await p.http.delete(`/api/occurrences/${id}`);
      } else if (roll < 0.47) {
        kind = 'restore';
        res = await p.http.post(`/api/occurrences/${id}/restore`, { expectedVersion: seen.version });
      } else if (roll < 0.6) {
        kind = 'batch';
        const chosen = [...new Set([id, pick(ids()), pick(ids())])];
        res = await p.http.post(`/api/boards/${boardId}/occurrences/batch`, {
          ops: chosen.map((o) => ({ occurrenceId: o, expectedVersion: p.board.get(o)!.version, ...(random() < 0.2 ? { cancel: true } : slot()) })),
        });
      } else if (roll < 0.85) {
        kind = 'undo';
        res = await p.http.post(`/api/boards/${boardId}/undo`, {});
      } else {
        kind = 'redo';
        res = await p.http.post(`/api/boards/${boardId}/redo`, {});
      }
      const code = res.status >= 400 ? res.body?.error?.code : 'ok';
      count(`${kind} ${res.status} ${code}`);
      expect(res.status, `${p.name} ${kind}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
      expect([200, 204, 400, 404, 409]).toContain(res.status);
      if (res.status === 400) expect(code).toBe('validation_failed');
      // 404 on a move/restore: its job's creation was undone (the model's setup is undoable too).
      if (res.status === 404) expect(code).toBe(kind === 'undo' ? 'nothing_to_undo' : kind === 'redo' ? 'nothing_to_redo' : 'not_found');
      if (res.status === 409 && code === 'undo_conflict') refusals.push({ planner: p.name, details: res.body.error.details });
      if (res.status === 409 && code === 'conflict') expect(res.body.hints ?? res.body.error.details).toBeDefined();
    }

    const perPlanner = Math.ceil(ITERATIONS / planners.length);
    await Promise.all(planners.map(async (p) => {
      for (let i = 0; i < perPlanner; i++) await act(p);
    }));

    // Settle: every client has every committed event.
    const [board] = await t.orm.em.fork().execute<{ last_seq: string }[]>('select last_seq from board where id = ?', [boardId]);
    const last = board!.last_seq;
    await waitFor(() => planners.every((p) => p.seq === Number(last)), 20_000, 'every client to reach the last seq');
    await sleep(50);

    const rows = await dbOccurrences();
    const expected = Object.fromEntries(rows.map((r) => [r.id, { assetId: r.asset_id, startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString(), status: r.status, version: r.version }]));
    for (const p of planners) {
      const seen = Object.fromEntries([...p.board].map(([id, o]) => [id, { assetId: o.assetId, startsAt: o.startsAt, endsAt: o.endsAt, status: o.status, version: o.version }]));
      expect(seen, `${p.name}'s board`).toEqual(expected);
    }

    const [overlaps] = await t.orm.em.fork().execute<{ n: string }[]>(
      `select count(*) as n from occurrence a join occurrence b on a.asset_id = b.asset_id and a.id < b.id
        where a.status = 'scheduled' and b.status = 'scheduled' and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
    );
    expect(Number(overlaps!.n)).toBe(0);

    // Each refused undo/redo named, for every item, who changed it and the change that did: a change
    // that exists in the log, made to that very item, by someone.
    const events = (await planners[0]!.http.get(`/api/boards/${boardId}/events?since=0&limit=1000`)).body.events as { seq: number; type: string; data: { id: string; changeId?: string } }[];
    let more = events.length === 1000;
    let since = events.at(-1)?.seq ?? 0;
    while (more) {
      const page = (await planners[0]!.http.get(`/api/boards/${boardId}/events?since=${since}&limit=1000`)).body.events;
      events.push(...page);
      more = page.length === 1000;
      since = page.at(-1)?.seq ?? since;
    }
    const changesOnItem = new Set(events.map((e) => `${e.data.changeId}:${e.data.id}`));
    for (const r of refusals) {
      expect(r.details.length).toBeGreaterThan(0);
      for (const d of r.details) {
        expect(d.changedBy, JSON.stringify(d)).not.toBeNull();
        expect(d.changeId).toEqual(expect.any(String));
        expect(changesOnItem.has(`${d.changeId}:${d.id}`), JSON.stringify(d)).toBe(true);
      }
    }
    console.log(`undo model: ${ITERATIONS} actions, seed ${SEED}, ${refusals.length} undo_conflict refusals`, counts);
    // The run exercised what it is about.
    expect(Object.keys(counts).some((k) => k.startsWith('undo 200'))).toBe(true);
    expect(Object.keys(counts).some((k) => k.startsWith('redo 200'))).toBe(true);
    if (ITERATIONS >= 200) expect(refusals.length).toBeGreaterThan(0);
  }, Math.max(120_000, ITERATIONS * 200));
});
