import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let t: TestServer;
let planner: HttpClient;
let boardId: string;

beforeAll(async () => {
  t = await startTestServer({}, 'assets');
  planner = await t.client('planner1');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
});
afterAll(() => t?.stop());

describe('assets', () => {
  it('creates an asset (201 + Location), lists it, and logs exactly one event', async () => {
    const before = (await planner.get(`/api/boards/${boardId}/events`)).body.seq;
    const res = await planner.post(`/api/boards/${boardId}/assets`, { code: 'VAN-9', name: 'Van 9', kind: 'vehicle' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/assets/${res.body.asset.id}`);
    expect(res.body.asset).toMatchObject({ code: 'VAN-9', name: 'Van 9', kind: 'vehicle', status: 'working', version: 1, boardId });
    const list = await planner.get(`/api/boards/${boardId}/assets`);
    expect(list.body.assets.map((a: { code: string }) => a.code)).toContain('VAN-9');
    const events = await planner.get(`/api/boards/${boardId}/events?since=${before}`);
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toMatchObject({ seq: before + 1, type: 'asset.created', data: res.body.asset, actor: { displayName: 'Ana Planner' } });
  });

  it('patches with expectedVersion and refuses a stale version with the current state', async () => {
    const created = (await planner.post(`/api/boards/${boardId}/assets`, { code: 'SCN-9', name: 'Scanner 9', kind: 'equipment' })).body.asset;
    const ok = await planner.patch(`/api/assets/${created.id}`, { status: 'maintenance', expectedVersion: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.asset).toMatchObject({ status: 'maintenance', version: 2, name: 'Scanner 9' });
    const stale = await planner.patch(`/api/assets/${created.id}`, { name: 'Renamed', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current).toMatchObject({ version: 2, status: 'maintenance', name: 'Scanner 9' });
  });

  it('of 10 concurrent creates with one code, exactly one wins; the rest get 409 already_exists', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => planner.post(`/api/boards/${boardId}/assets`, { code: 'RACE-1', name: `Racer ${i}`, kind: 'person' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(9);
    for (const l of losers) expect(l.body.error.code).toBe('already_exists');
    const rows = await t.orm.em.fork().execute(`select id from asset where code = 'RACE-1'`);
    expect(rows).toHaveLength(1);
  });

  it('keeps unicode names intact and stores SQL metacharacters literally', async () => {
    const name = `Łódź «Nord» 北门 '); drop table asset; --`;
    const res = await planner.post(`/api/boards/${boardId}/assets`, { code: 'UNI-1', name, kind: 'site' });
    expect(res.status).toBe(201);
    expect(res.body.asset.name).toBe(name);
    const again = await planner.get(`/api/boards/${boardId}/assets`);
    expect(again.body.assets.find((a: { code: string }) => a.code === 'UNI-1').name).toBe(name);
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  const cases: [string, unknown, string][] = [
    ['missing code', { name: 'x', kind: 'vehicle' }, 'code'],
    ['wrong type', { code: 5, name: 'x', kind: 'vehicle' }, 'code'],
    ['extra field', { code: 'E1', name: 'x', kind: 'vehicle', colour: 'red' }, '(body)'],
    ['unknown kind', { code: 'E2', name: 'x', kind: 'spaceship' }, 'kind'],
    ['10,000-character name', { code: 'E3', name: 'x'.repeat(10_000), kind: 'vehicle' }, 'name'],
    ['control characters', { code: 'E4', name: 'bad\u0007name', kind: 'vehicle' }, 'name'],
    ['blank name', { code: 'E5', name: '   ', kind: 'vehicle' }, 'name'],
    ['array body', [], '(body)'],
  ];
  it.each(cases)('%s → 400 validation_failed naming the field', async (_label, body, field) => {
    const before = (await planner.get(`/api/boards/${boardId}/assets`)).body.assets.length;
    const res = await planner.post(`/api/boards/${boardId}/assets`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(res.body.error.message).toContain(field);
    expect((await planner.get(`/api/boards/${boardId}/assets`)).body.assets.length).toBe(before);
  });

  it('a body that is not JSON → 400 malformed_json', async () => {
    const res = await planner.request('POST', `/api/boards/${boardId}/assets`, '{"code": "x",', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('an empty body → 400 malformed_json', async () => {
    const res = await planner.request('POST', `/api/boards/${boardId}/assets`, '', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('a form body → 415', async () => {
    const res = await planner.request('POST', `/api/boards/${boardId}/assets`, 'code=x&name=y', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('a 5 MiB body → 413', async () => {
    const huge = JSON.stringify({ code: 'BIG', name: 'x'.repeat(5 * 1024 * 1024), kind: 'vehicle' });
    const res = await planner.request('POST', `/api/boards/${boardId}/assets`, huge, { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('a chunked body without Content-Length: read when small, 413 past 1 MiB, and nothing stored', async () => {
    const send = (chunks: string[]) => {
      const body = new ReadableStream<Uint8Array>({
        start(ctrl) {
          for (const chunk of chunks) ctrl.enqueue(new TextEncoder().encode(chunk));
          ctrl.close();
        },
      });
      return fetch(`${t.url}/api/boards/${boardId}/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: planner.cookieHeader },
        body,
        duplex: 'half',
      });
    };
    const small = await send(['{"code":"CHUNK-1",', '"name":"Chunked","kind":"vehicle"}']);
    expect(small.headers.get('transfer-encoding')).toBeNull();
    expect(small.status).toBe(201);
    const big = await send(['{"code":"CHUNK-2","kind":"vehicle","name":"', ...Array.from({ length: 20 }, () => 'x'.repeat(100_000)), '"}']);
    expect(big.status).toBe(413);
    expect(big.headers.get('connection')).toBe('close');
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const codes = (await planner.get(`/api/boards/${boardId}/assets`)).body.assets.map((a: { code: string }) => a.code);
    expect(codes).toContain('CHUNK-1');
    expect(codes).not.toContain('CHUNK-2');
  });

  it('unknown ids and malformed ids → 404, never 500', async () => {
    expect((await planner.get('/api/boards/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await planner.get("/api/boards/1' or '1'='1")).status).toBe(404);
    expect((await planner.patch('/api/assets/not-a-uuid', { name: 'x', expectedVersion: 1 })).status).toBe(404);
    expect((await planner.patch('/api/assets/00000000-0000-4000-8000-000000000000', { name: 'x', expectedVersion: 1 })).status).toBe(404);
  });

  it('an asset of another board is not reachable by a non-member (404)', async () => {
    const admin = await t.client('admin');
    const other = (await admin.post('/api/boards', { name: 'Other depot', timezone: 'Europe/Paris' })).body.board;
    const asset = (await admin.post(`/api/boards/${other.id}/assets`, { code: 'O-1', name: 'Other', kind: 'vehicle' })).body.asset;
    const res = await planner.patch(`/api/assets/${asset.id}`, { name: 'hijack', expectedVersion: 1 });
    expect(res.status).toBe(404);
    expect((await planner.get(`/api/boards/${other.id}/assets`)).status).toBe(404);
  });

  it('an error response never carries a stack trace or SQL', async () => {
    const res = await planner.get('/api/boards/00000000-0000-4000-8000-000000000000?from=yesterday');
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|select |insert /i);
  });
});
