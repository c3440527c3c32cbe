import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config';
import { startTestServer, type TestServer } from '../testing/test-server';
import { MIN_BYTES, negotiate } from './compression';

let t: TestServer;
let cookie: string;
let boardId: string;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: the body as sent on the wire (fetch would decode it). */
function raw(pathname: string, headers: Record<string, string>, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}${pathname}`, { method, headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (r: Raw) =>
  r.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body;

beforeAll(async () => {
  t = await startTestServer({}, 'compress');
  const planner = await t.client('planner1');
  cookie = planner.cookieHeader;
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
});
afterAll(() => t?.stop());

describe('Accept-Encoding negotiation', () => {
  it('prefers br, then gzip; honours q=0 and *', () => {
    expect(negotiate('gzip, deflate, br')).toBe('br');
    expect(negotiate('gzip')).toBe('gzip');
    expect(negotiate('br;q=0, gzip')).toBe('gzip');
    expect(negotiate('gzip;q=0.5, br;q=0.2')).toBe('gzip');
    expect(negotiate('*')).toBe('br');
    expect(negotiate('*, br;q=0')).toBe('gzip');
    expect(negotiate('identity')).toBeNull();
    expect(negotiate('deflate')).toBeNull();
    expect(negotiate('')).toBeNull();
    expect(negotiate(undefined)).toBeNull();
  });
});

describe('HTTP compression against the real server', () => {
  it('compresses the board snapshot with br or gzip as accepted, identical once decoded, with the right Content-Length', async () => {
    const snapshot = `/api/boards/${boardId}`;
    const plain = await raw(snapshot, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(MIN_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const expected = JSON.parse(plain.body.toString('utf8')) as { occurrences: unknown[] };
    expect(expected.occurrences.length).toBeGreaterThan(0);
    for (const [accept, coding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=1', 'gzip']] as const) {
      const res = await raw(snapshot, { 'accept-encoding': accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(coding);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(Number(res.headers['content-length']), accept).toBe(res.body.length);
      expect(res.body.length, accept).toBeLessThan(plain.body.length / 3);
      // The seq and the rows are the same read: the decoded answer is the identity answer.
      expect(JSON.parse(decode(res).toString('utf8')), accept).toEqual(expected);
    }
  });

  it('leaves small answers, HEAD and answers nobody asked to compress alone', async () => {
    const small = await raw('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(MIN_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(Number(small.headers['content-length'] ?? small.body.length)).toBe(small.body.length);

    const none = await raw(`/api/boards/${boardId}`, {});
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(none.body.toString('utf8')).board.id).toBe(boardId);

    const notFound = await raw('/api/no-such-route', { 'accept-encoding': 'br' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['content-encoding']).toBeUndefined();
  });

  it('serves the built client compressed (cached after the first answer), and HEAD with the file size', async () => {
    const dist = path.join(REPO_ROOT, 'client/dist');
    const assets = fs.existsSync(path.join(dist, 'assets')) ? fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')) : [];
    if (!assets.length) throw new Error('client/dist has no script: run pnpm --filter @schedhuler/client build first');
    const file = `/assets/${assets[0]}`;
    const onDisk = fs.readFileSync(path.join(dist, 'assets', assets[0]!));
    const first = await raw(file, { 'accept-encoding': 'br' });
    const second = await raw(file, { 'accept-encoding': 'br' });
    const gz = await raw(file, { 'accept-encoding': 'gzip' });
    for (const [res, coding] of [[first, 'br'], [second, 'br'], [gz, 'gzip']] as const) {
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decode(res).equals(onDisk)).toBe(true);
    }
    expect(second.body.equals(first.body)).toBe(true);
    const head = await raw(file, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(Number(head.headers['content-length'])).toBe(onDisk.length);
  });

  it('keeps CSV and iCal downloads working, compressed when large enough', async () => {
    const range = new URLSearchParams({ from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const csv = await raw(`/api/boards/${boardId}/occurrences.csv?${range}`, { 'accept-encoding': 'gzip' });
    expect(csv.status, csv.body.toString("utf8").slice(0, 300)).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = decode(csv).toString('utf8');
    expect(text.length).toBeGreaterThan(MIN_BYTES);
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(text.split('\n').length).toBeGreaterThan(10);

    const planner = await t.client('planner1');
    const feed = await planner.post<{ url: string }>(`/api/boards/${boardId}/feeds`, {});
    expect(feed.status).toBe(201);
    const ics = await raw(new URL(feed.body.url).pathname, { 'accept-encoding': 'br' });
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = decode(ics).toString('utf8');
    expect(calendar).toMatch(/^BEGIN:VCALENDAR/);
    expect(calendar).toMatch(/END:VCALENDAR\s*$/);
    expect(ics.headers['content-encoding']).toBe(calendar.length >= MIN_BYTES ? 'br' : undefined);
  });
});
