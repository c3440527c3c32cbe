import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { connectSocket, Recorder, request, type ClientSocket } from '../realtime/test-client';

let t: TestServer;
let planner: HttpClient;
let viewer: HttpClient;
let outsider: HttpClient;
let boardId: string;

const CSV = { 'content-type': 'text/csv' };
const importCsv = (c: HttpClient, text: string, headers: Record<string, string> = CSV) => c.post(`/api/boards/${boardId}/assets/import`, text, headers);
const assetsByCode = async () => new Map<string, { id: string; name: string; kind: string; status: string; version: number }>(
  (await planner.get(`/api/boards/${boardId}/assets`)).body.assets.map((a: { code: string }) => [a.code, a]),
);
const seq = async () => (await planner.get(`/api/boards/${boardId}/events?since=0&limit=1`)).body.seq as number;
/** POSTs raw bytes (the test client would JSON-encode a Buffer). */
async function postBytes(c: HttpClient, body: Uint8Array) {
  const res = await fetch(`${t.url}/api/boards/${boardId}/assets/import`, { method: 'POST', body, headers: { cookie: c.cookieHeader, 'content-type': 'text/csv; charset=utf-8' } });
  return { status: res.status, body: (await res.json()) as { error: { details: unknown[] } } };
}

beforeAll(async () => {
  t = await startTestServer({}, 'csv');
  await t.services.scheduling?.horizon?.stop();
  planner = await t.client('planner1');
  viewer = await t.client('viewer');
  const admin = await t.client('admin');
  await admin.post('/api/users', { username: 'csvout', displayName: 'Out Sider', password: 'csvout-demo' });
  outsider = await t.client('csvout');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
});
afterAll(() => t?.stop());

describe('GET /api/boards/:boardId/assets.csv', () => {
  it('RFC 4180 text/csv with a header row, CRLF, quoting, and formula cells guarded', async () => {
    await planner.post(`/api/boards/${boardId}/assets`, { code: 'CSV-F', name: '=HYPERLINK("http://x","y")', kind: 'equipment' });
    await planner.post(`/api/boards/${boardId}/assets`, { code: 'CSV-Q', name: 'Van "big", blue', kind: 'vehicle' });
    const res = await fetch(`${t.url}/api/boards/${boardId}/assets.csv`, { headers: { cookie: planner.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const text = await res.text();
    expect(text.startsWith('code,name,kind,status\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(text).toContain('\r\nCSV-F,"\'=HYPERLINK(""http://x"",""y"")",equipment,working\r\n');
    expect(text).toContain('\r\nCSV-Q,"Van ""big"", blue",vehicle,working\r\n');
    const records = parse(text);
    expect(records.length - 1).toBe((await assetsByCode()).size);
  });

  it('an export imports back with nothing changed', async () => {
    const text = await (await fetch(`${t.url}/api/boards/${boardId}/assets.csv`, { headers: { cookie: planner.cookieHeader } })).text();
    const before = await seq();
    const res = await importCsv(planner, text);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: (await assetsByCode()).size });
    expect(await seq()).toBe(before);
  });

  it('viewers may export; non-members get 404', async () => {
    expect((await viewer.get(`/api/boards/${boardId}/assets.csv`)).status).toBe(200);
    expect((await outsider.get(`/api/boards/${boardId}/assets.csv`)).status).toBe(404);
    expect((await (await t.client()).get(`/api/boards/${boardId}/assets.csv`)).status).toBe(401);
  });
});

describe('POST /api/boards/:boardId/assets/import', () => {
  it('creates new codes and updates existing ones in one change: versions bumped, events broadcast live', async () => {
    const existing = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'IMP-OLD', name: 'Old name', kind: 'person' })).body.asset;
    const socket: ClientSocket = await connectSocket(t.url, { cookie: planner.cookieHeader });
    const rec = new Recorder(socket);
    try {
      expect((await request(socket, 'board:join', { boardId })).ok).toBe(true);
      const before = await seq();
      const res = await importCsv(planner, '\uFEFFcode,name,kind,status\r\nIMP-OLD,New name,person,standby\r\nIMP-N1,"Gate, north",checkpoint,\r\nIMP-N2,"Two ""quoted""",site,maintenance\r\n');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ created: 2, updated: 1, unchanged: 0 });
      const assets = await assetsByCode();
      expect(assets.get('IMP-OLD')).toMatchObject({ id: existing.id, name: 'New name', status: 'standby', version: 2 });
      expect(assets.get('IMP-N1')).toMatchObject({ name: 'Gate, north', kind: 'checkpoint', status: 'working', version: 1 });
      expect(assets.get('IMP-N2')).toMatchObject({ name: 'Two "quoted"', status: 'maintenance' });
      const events = (await planner.get(`/api/boards/${boardId}/events?since=${before}`)).body.events as { type: string; data: { code: string } }[];
      expect(events.map((e) => `${e.type} ${e.data.code}`).sort()).toEqual(['asset.created IMP-N1', 'asset.created IMP-N2', 'asset.updated IMP-OLD']);
      await expect.poll(() => rec.events.filter((e) => e.seq > before).length, { timeout: 5000 }).toBe(3);
      expect(rec.events.find((e) => e.type === 'asset.updated')?.data).toMatchObject({ code: 'IMP-OLD', version: 2, name: 'New name' });
    } finally {
      socket.close();
    }
  });

  it('an empty status keeps an existing asset\'s status; the same file again changes nothing', async () => {
    const text = 'code,name,kind,status\nIMP-OLD,New name,person,\n';
    const res = await importCsv(planner, text);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await assetsByCode()).get('IMP-OLD')).toMatchObject({ status: 'standby', version: 2 });
  });

  it('all rows or none: one bad row and nothing is stored, every problem listed with line and column', async () => {
    const countBefore = (await assetsByCode()).size;
    const before = await seq();
    const res = await importCsv(planner, 'code,name,kind\nALL-1,fine,person\nALL-2,"multi\nline",person\nALL-3,x,spaceship\nALL-1,again,person\n');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([
      { line: 3, column: 2, field: 'name', message: 'name: must not contain control characters' },
      { line: 5, column: 3, field: 'kind', message: expect.stringContaining('kind: must be one of') },
      { line: 6, column: 1, field: 'code', message: expect.stringContaining('line 2 and line 6') },
    ]);
    expect((await assetsByCode()).size).toBe(countBefore);
    expect(await seq()).toBe(before);
  });

  it('a code that exists with another kind is refused (the kind of an asset never changes), nothing stored', async () => {
    const countBefore = (await assetsByCode()).size;
    const res = await importCsv(planner, 'code,name,kind\nKIND-NEW,fresh,person\nIMP-OLD,New name,vehicle\n');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ line: 3, column: 3, field: 'kind', message: expect.stringContaining('is a person on this board') }]);
    expect((await assetsByCode()).has('KIND-NEW')).toBe(false);
    expect((await assetsByCode()).size).toBe(countBefore);
  });

  it('bad input: header, cells, NUL, bytes that are not UTF-8, a 1 MB cell', async () => {
    const missing = await importCsv(planner, 'code,name\nA,b\n');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ line: 1, field: 'kind' });
    const extra = await importCsv(planner, 'code,name,kind,colour\nA,b,person,red\n');
    expect(extra.body.error.details).toEqual([{ line: 1, column: 4, message: expect.stringContaining('unknown column "colour"') }]);
    const nul = await importCsv(planner, 'code,name,kind\nNUL-1,a\u0000b,person\n');
    expect(nul.body.error.details).toEqual([{ line: 2, column: 2, field: 'name', message: 'name: contains a NUL character' }]);
    const surrogate = await postBytes(planner, Buffer.concat([Buffer.from('code,name,kind\nSUR-1,a'), Buffer.from([0xed, 0xb0, 0x80]), Buffer.from(',person\n')]));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.details).toEqual([{ line: 2, column: 2, field: 'name', message: expect.stringContaining('not valid UTF-8') }]);
    const big = await importCsv(planner, `code,name,kind\nBIG-1,"${'y'.repeat(1_000_000)}",person\n`);
    expect(big.status).toBe(400);
    expect(big.body.error.details).toEqual([{ line: 2, column: 2, field: 'name', message: 'name: must be at most 200 characters' }]);
    expect(JSON.stringify(big.body).length).toBeLessThan(2000);
    const empty = await importCsv(planner, '');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].message).toContain('empty');
    const codes = await assetsByCode();
    for (const c of ['A', 'NUL-1', 'SUR-1', 'BIG-1']) expect(codes.has(c)).toBe(false);
  });

  it('415 for another media type or charset, 413 over 1 MiB, 403 for a viewer, 404 for a non-member', async () => {
    expect((await importCsv(planner, '{"code":"x"}', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await importCsv(planner, 'code,name,kind\n', { 'content-type': 'text/csv; charset=latin1' })).status).toBe(415);
    expect((await importCsv(planner, 'code,name,kind\n', { 'content-type': 'text/plain' })).status).toBe(415);
    const tooBig = await importCsv(planner, `code,name,kind\nX,"${'z'.repeat(1024 * 1024)}",person\n`);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    expect((await importCsv(viewer, 'code,name,kind\nVW-1,x,person\n')).status).toBe(403);
    expect((await importCsv(outsider, 'code,name,kind\nOUT-1,x,person\n')).status).toBe(404);
    expect((await assetsByCode()).has('VW-1')).toBe(false);
  });
});

describe('GET /api/boards/:boardId/occurrences.csv', () => {
  it('occurrences overlapping [from, to), cancelled ones with their status, local times in the job zone', async () => {
    const s = t.services.scheduling;
    s.clock.set('2026-10-20T10:00:00Z');
    const person = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'OCC-P', name: '+Guard', kind: 'person' })).body.asset;
    const task = await planner.post(`/api/boards/${boardId}/tasks`, { name: 'Night, "round"', assetId: person.id, timezone: 'Europe/Berlin', cron: '30 2 * * *', validFrom: '2026-10-20T00:00:00Z', planDurationMin: 60 });
    expect(task.status).toBe(201);
    const occ = task.body.occurrences as { id: string; startsAt: string; version: number }[];
    const repeatDay = occ.find((o) => o.startsAt.startsWith('2026-10-25'))!;
    expect((await planner.delete(`/api/occurrences/${repeatDay.id}`)).status).toBe(204);
    const res = await fetch(`${t.url}/api/boards/${boardId}/occurrences.csv?from=2026-10-24T00:00:00Z&to=2026-10-27T00:00:00Z`, { headers: { cookie: planner.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parse(await res.text());
    expect(header).toEqual(['id', 'jobId', 'jobName', 'assetCode', 'assetName', 'startsAt', 'endsAt', 'localStart', 'localEnd', 'timezone', 'status', 'detached', 'version']);
    const mine = rows.filter((r) => r[3] === 'OCC-P');
    expect(mine.map((r) => [r[5], r[7], r[10]])).toEqual([
      ['2026-10-24T00:30:00.000Z', '2026-10-24T02:30', 'scheduled'],
      ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30', 'cancelled'],
      ['2026-10-26T01:30:00.000Z', '2026-10-26T02:30', 'scheduled'],
    ]);
    expect(mine[0]![2]).toBe('Night, "round"');
    expect(mine[0]![4]).toBe("'+Guard");
  });

  it('from and to are required, ordered and at most 93 days apart', async () => {
    const bad = async (q: string) => (await planner.get(`/api/boards/${boardId}/occurrences.csv${q}`)).body.error;
    expect((await bad('')).details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'to']);
    expect((await bad('?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z')).details[0]).toMatchObject({ path: 'to', message: 'must be after from' });
    expect((await bad('?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z')).details[0].message).toContain('93 days');
    expect((await bad('?from=yesterday&to=2026-12-01T00:00:00Z')).details[0].path).toBe('from');
    expect((await outsider.get(`/api/boards/${boardId}/occurrences.csv?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z`)).status).toBe(404);
  });
});
