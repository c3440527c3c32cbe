import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { HttpClient } from '@schedhuler/server/testing/http-client';
import { startTestServer, type TestServer } from '@schedhuler/server/testing/test-server';

/**
 * The personal iCal feeds end to end: created through the API, fetched without a session, parsed
 * with a real RFC 5545 parser (ical.js). The server clock is pinned around the 2026 and 2027 DST
 * changes in Europe/Berlin, so nothing depends on the day the suite runs.
 */
let t: TestServer;
let planner: HttpClient;
let planner2: HttpClient;
let supervisor: HttpClient;
let outsider: HttpClient;
let boardId: string;
let otherBoardAsset: string;

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  end: string;
  sequence: number;
  status: string;
}

async function fetchFeed(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url); // no cookie: the token is the credential
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function parseFeed(text: string): ParsedEvent[] {
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      sequence: e.sequence,
      status: String(v.getFirstPropertyValue('status')),
    };
  });
}

async function asset(code: string, kind = 'person'): Promise<string> {
  const res = await planner.post(`/api/boards/${boardId}/assets`, { code, name: `Asset ${code}`, kind });
  if (res.status !== 201) throw new Error(`asset: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.asset.id;
}

async function dailyJob(name: string, assetId: string, validFrom: string) {
  const res = await planner.post(`/api/boards/${boardId}/tasks`, { name, assetId, timezone: 'Europe/Berlin', cron: '30 2 * * *', validFrom, planDurationMin: 60 });
  if (res.status !== 201) throw new Error(`task: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { job: { id: string }; occurrences: { id: string; startsAt: string; version: number }[] };
}

async function createFeed(c: HttpClient, body: unknown = {}) {
  return c.post(`/api/boards/${boardId}/feeds`, body);
}

beforeAll(async () => {
  t = await startTestServer({}, 'icalfeed');
  await t.services.scheduling?.horizon?.stop();
  planner = await t.client('planner1');
  planner2 = await t.client('planner2');
  supervisor = await t.client('supervisor');
  const admin = await t.client('admin');
  await admin.post('/api/users', { username: 'icalout', displayName: 'Ical Outsider', password: 'icalout-demo' });
  outsider = await t.client('icalout');
  boardId = (await planner.get('/api/boards')).body.boards[0].id;
  const other = (await admin.post('/api/boards', { name: 'Other board', timezone: 'UTC' })).body.board;
  otherBoardAsset = (await admin.post(`/api/boards/${other.id}/assets`, { code: 'ELSEWHERE', name: 'Elsewhere', kind: 'person' })).body.asset.id;
});
afterAll(() => t?.stop());

describe('iCal feeds', () => {
  let feedUrl: string;
  let feedId: string;
  let guardId: string;
  let vanId: string;
  let autumn: Awaited<ReturnType<typeof dailyJob>>;
  const NAME = 'Nachtrunde; Tor, Hof \\ Süd — ein sehr langer Name mit Umlauten äöü, der über 75 Oktette hinausgeht';

  it('POST creates a personal feed: 201 {id, url}, the URL works without a session, only the token hash is stored', async () => {
    t.services.scheduling.clock.set('2026-10-20T10:00:00Z');
    guardId = await asset('ICS-GUARD');
    vanId = await asset('ICS-VAN', 'vehicle');
    autumn = await dailyJob(NAME, guardId, '2026-10-20T00:00:00Z');
    await dailyJob('Van round', vanId, '2026-10-20T00:00:00Z');

    const res = await createFeed(planner);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), boardId, assetIds: null, url: expect.stringMatching(/^http:\/\/[^/]+\/feeds\/[A-Za-z0-9_-]{43}\.ics$/) });
    feedUrl = res.body.url;
    feedId = res.body.id;
    const token = feedUrl.slice(feedUrl.lastIndexOf('/') + 1, -'.ics'.length);
    const rows = await t.orm.em.fork().execute<{ token_hash: string }[]>('select * from calendar_feed where id = ?', [res.body.id]);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);

    const feed = await fetchFeed(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
  });

  it('the URL is on the origin the caller reached; forwarded headers from an untrusted peer are ignored', async () => {
    const res = await planner.post(`/api/boards/${boardId}/feeds`, {}, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(201);
    expect(new URL(res.body.url).origin).toBe(new URL(t.url).origin);
    expect((await planner.delete(`/api/boards/${boardId}/feeds/${res.body.id}`)).status).toBe(204);
  });

  it('RFC 5545 text: CRLF only, lines folded at 75 octets, names escaped and read back intact', async () => {
    const { text } = await fetchFeed(feedUrl);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\n /); // the long summary is folded
    const mine = parseFeed(text).filter((e) => e.summary.startsWith(NAME));
    expect(mine.length).toBeGreaterThan(5);
    expect(mine[0]!.summary).toBe(`${NAME} — Asset ICS-GUARD`);
  });

  it('autumn DST day: a daily 02:30 Europe/Berlin run at the right UTC instants, stable UID, SEQUENCE = version', async () => {
    const events = parseFeed((await fetchFeed(feedUrl)).text).filter((e) => e.summary.startsWith(NAME));
    const byDay = new Map(events.map((e) => [e.start.slice(0, 10), e]));
    expect(byDay.get('2026-10-24')).toMatchObject({ start: '2026-10-24T00:30:00.000Z', end: '2026-10-24T01:30:00.000Z' });
    // 02:30 happens twice on 2026-10-25; the run is at the first one (CEST, +02:00).
    expect(byDay.get('2026-10-25')).toMatchObject({ start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:30:00.000Z', status: 'CONFIRMED' });
    expect(byDay.get('2026-10-26')).toMatchObject({ start: '2026-10-26T01:30:00.000Z', end: '2026-10-26T02:30:00.000Z' });
    for (const occ of autumn.occurrences) {
      const e = events.find((x) => x.uid === `${occ.id}@schedhuler`);
      expect(e, occ.startsAt).toBeDefined();
      expect(e!.sequence).toBe(occ.version);
      expect(e!.start).toBe(new Date(occ.startsAt).toISOString());
    }
  });

  it('a cancelled run stays in the feed as STATUS:CANCELLED with a higher SEQUENCE; a moved run keeps its UID', async () => {
    const cancelled = autumn.occurrences.find((o) => o.startsAt.startsWith('2026-10-25'))!;
    expect((await planner.delete(`/api/occurrences/${cancelled.id}`)).status).toBe(204);
    const moved = autumn.occurrences.find((o) => o.startsAt.startsWith('2026-10-27'))!;
    const patch = await planner.patch(`/api/occurrences/${moved.id}`, { expectedVersion: moved.version, startsAt: '2026-10-27T05:00:00Z' });
    expect(patch.status).toBe(200);

    const events = parseFeed((await fetchFeed(feedUrl)).text);
    const c = events.find((e) => e.uid === `${cancelled.id}@schedhuler`)!;
    expect(c).toMatchObject({ status: 'CANCELLED', start: '2026-10-25T00:30:00.000Z' });
    expect(c.sequence).toBeGreaterThan(cancelled.version);
    const m = events.find((e) => e.uid === `${moved.id}@schedhuler`)!;
    expect(m).toMatchObject({ start: '2026-10-27T05:00:00.000Z', sequence: patch.body.occurrence.version, status: 'CONFIRMED' });
  });

  it('the window is [now − 7 days, now + horizon]', async () => {
    t.services.scheduling.clock.set('2026-11-01T10:00:00Z');
    const events = parseFeed((await fetchFeed(feedUrl)).text);
    const starts = events.map((e) => Date.parse(e.start));
    const from = Date.parse('2026-10-25T10:00:00Z');
    const to = Date.parse('2026-11-15T10:00:00Z');
    expect(events.every((e) => Date.parse(e.end) > from && Date.parse(e.start) < to)).toBe(true);
    expect(starts).not.toContain(Date.parse('2026-10-24T00:30:00Z')); // ended more than 7 days ago
    expect(events.some((e) => e.start === '2026-10-26T01:30:00.000Z' && e.summary.startsWith(NAME))).toBe(true);
  });

  it('spring DST day: the 02:30 that does not exist on 2027-03-28 runs at 03:00 CEST (01:00Z)', async () => {
    t.services.scheduling.clock.set('2027-03-25T10:00:00Z');
    const spring = await asset('ICS-SPRING');
    await dailyJob('Spring round', spring, '2027-03-25T00:00:00Z');
    const res = await createFeed(planner, { assetIds: [spring] });
    expect(res.status).toBe(201);
    const events = parseFeed((await fetchFeed(res.body.url)).text);
    const byDay = new Map(events.map((e) => [e.start.slice(0, 10), e.start]));
    expect(byDay.get('2027-03-27')).toBe('2027-03-27T01:30:00.000Z');
    expect(byDay.get('2027-03-28')).toBe('2027-03-28T01:00:00.000Z');
    expect(byDay.get('2027-03-29')).toBe('2027-03-29T00:30:00.000Z');
  });

  it('asset filter: only the named assets; assets of another board or not ids are a 400 naming the entry', async () => {
    t.services.scheduling.clock.set('2026-10-20T10:00:00Z');
    const res = await createFeed(planner, { assetIds: [vanId] });
    expect(res.status).toBe(201);
    expect(res.body.assetIds).toEqual([vanId]);
    const events = parseFeed((await fetchFeed(res.body.url)).text);
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.summary === 'Van round — Asset ICS-VAN')).toBe(true);

    const foreign = await createFeed(planner, { assetIds: [vanId, otherBoardAsset] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'assetIds.1', message: 'no such asset on this board' }] });
    for (const body of [{ assetIds: ['nope'] }, { assetIds: [] }, { assetIds: 'x' }, { extra: 1 }]) {
      const bad = await createFeed(planner, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
  });

  it('GET lists only the caller\'s feeds; DELETE revokes at once (404 on the next fetch); others\' feeds are 404', async () => {
    const other = await createFeed(planner2);
    expect(other.status).toBe(201);
    const mine = (await planner.get(`/api/boards/${boardId}/feeds`)).body.feeds as { id: string; url?: string }[];
    expect(mine.length).toBe(3);
    expect(mine.map((f) => f.id)).not.toContain(other.body.id);
    expect(mine.every((f) => f.url === undefined)).toBe(true); // the secret is shown once

    expect((await planner.delete(`/api/boards/${boardId}/feeds/${other.body.id}`)).status).toBe(404);
    expect((await fetchFeed(other.body.url)).status).toBe(200);

    expect(mine.map((f) => f.id)).toContain(feedId);
    expect((await fetchFeed(feedUrl)).status).toBe(200);
    expect((await planner.delete(`/api/boards/${boardId}/feeds/${feedId}`)).status).toBe(204);
    const gone = await fetchFeed(feedUrl);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.text).error.code).toBe('not_found');
    expect((await planner.delete(`/api/boards/${boardId}/feeds/${feedId}`)).status).toBe(404);
    expect((await planner.delete(`/api/boards/${boardId}/feeds/not-a-uuid`)).status).toBe(404);
  });

  it('a member removed from the board: their feed is a 404 on the next fetch', async () => {
    const feed = await createFeed(planner2);
    expect((await fetchFeed(feed.body.url)).status).toBe(200);
    const members = (await supervisor.get(`/api/boards/${boardId}/members`)).body.members as { userId: string; username: string }[];
    const p2 = members.find((m) => m.username === 'planner2')!;
    expect((await supervisor.delete(`/api/boards/${boardId}/members/${p2.userId}`)).status).toBe(204);
    expect((await fetchFeed(feed.body.url)).status).toBe(404);
  });

  it('a non-member cannot create or list feeds (404), nor can an anonymous caller (401)', async () => {
    expect((await createFeed(outsider)).status).toBe(404);
    expect((await outsider.get(`/api/boards/${boardId}/feeds`)).status).toBe(404);
    expect((await createFeed(await t.client())).status).toBe(401);
  });

  it('bad tokens: short, long, odd characters, unknown, no .ics, other methods: 404, never 500', async () => {
    const base = `${t.url}/feeds`;
    const unknown = 'A'.repeat(43);
    for (const path of ['/abc.ics', `/${'A'.repeat(44)}.ics`, `/${'A'.repeat(42)}!.ics`, `/${unknown}.ics`, `/${unknown}`, `/${unknown}.ics.ics`, '/', '', `/%00${'A'.repeat(40)}.ics`, '/a/b.ics']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const post = await fetch(feedUrl, { method: 'POST', headers: { origin: 'http://evil.example' } });
    expect(post.status).toBe(404);
  });
});
