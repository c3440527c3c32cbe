/**
 * The HTTP half of the fuzz: seeded requests across every endpoint of `ENDPOINTS`, as the fuzz user
 * (supervisor on A, viewer on C, stranger to B), as admin on admin-only routes, and without a
 * session. After every refused write the database must not have moved (`writeProbe`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENDPOINTS, routeLabel, type Endpoint, type IdKind } from './endpoints';
import { HOSTILE_INSTANTS, RAW_BODIES, hostileWholeBody, toJsonText } from './hostile';
import type { Gen, Rng } from './gen';
import { readPool, writeProbe, type BoardPool, type World } from './fixture';

export interface HttpFinding {
  kind: '5xx' | 'no answer' | '4xx stored' | 'accepted NUL / lone surrogate';
  route: string;
  status: number;
  message: string;
  requestId?: string;
  sample: string;
}

export interface HttpStats {
  requests: number;
  statuses: Record<string, number>;
  perRoute: Record<string, number>;
  /** Milliseconds spent per route (request + probe), to see where a run's time goes. */
  msPerRoute: Record<string, number>;
  findings: HttpFinding[];
}

type Actor = 'fuzzer' | 'admin' | 'anon';
const ID_TABLE: Record<IdKind, keyof Omit<BoardPool, 'boardId'> | null> = { board: null, asset: 'assets', job: 'jobs', occurrence: 'occurrences', conflict: 'conflicts', user: 'users' };
const VERSIONED: Partial<Record<string, string>> = { 'assets.patch': 'asset', 'jobs.patch': 'job', 'occurrences.patch': 'occurrence' };

const HOSTILE_PATH_IDS = ['x', '0', '00000000-0000-0000-0000-000000000000', '%00', '%E0%A4%A', '%ff', '%ED%A0%80', '..%2f..%2fetc', 'a'.repeat(5000), '%D9%A1%D9%A2', 'null', '__proto__', '%20'];
const CONTENT_TYPES: [string | null, number][] = [
  ['application/json', 80],
  ['application/json; charset=utf-8', 4],
  ['APPLICATION/JSON', 2],
  ['application/merge-patch+json', 2],
  ['text/plain', 3],
  [null, 3],
  ['application/x-www-form-urlencoded', 2],
  ['application/json; charset=utf-16', 2],
  ['multipart/form-data; boundary=x', 2],
];
const ANON_COOKIES = [null, 'sid=garbage', 'sid=%', 'sid=%00', `sid=${'a'.repeat(4000)}`, 'sid=;sid=x', 'other=1'];

export class HttpFuzzer {
  readonly stats: HttpStats = { requests: 0, statuses: {}, perRoute: {}, msPerRoute: {}, findings: [] };
  private readonly usedKeys: string[] = [];
  private probe = '';
  private logouts = 0;
  private lastPathIds: string[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly world: World,
    private readonly rng: Rng,
    private readonly gen: Gen,
    private readonly loginAs: (username: string, password: string) => Promise<string>,
  ) {}

  async run(total: number): Promise<void> {
    fs.mkdirSync(path.dirname(LAST_REQUEST_FILE), { recursive: true });
    this.probe = await writeProbe(this.world.sql);
    const weights = ENDPOINTS.map((e) => e.weight);
    for (let i = 0; i < total; i++) {
      if (i % 150 === 149) this.world.A = await readPool(this.world.sql, this.world.A.boardId);
      await this.one(ENDPOINTS[this.rng.weighted(weights)]!);
    }
  }

  private pool(): BoardPool {
    const r = this.rng.int(100);
    return r < 80 ? this.world.A : r < 92 ? this.world.C : this.world.B;
  }

  private pathId(kind: IdKind): string {
    const r = this.rng.int(100);
    if (r < 8) return this.rng.pick(HOSTILE_PATH_IDS);
    if (r < 16) return crypto.randomUUID();
    const pool = this.pool();
    const table = ID_TABLE[kind];
    if (!table) return pool.boardId;
    const ids = pool[table];
    return ids.length ? this.rng.pick(ids) : crypto.randomUUID();
  }

  private queryString(e: Endpoint): string {
    if (!e.query) return '';
    const parts: string[] = [];
    for (const [k, kind] of Object.entries(e.query)) {
      if (this.rng.int(10) === 0) continue;
      let v: string;
      if (kind === 'instant') v = this.rng.int(3) === 0 ? this.rng.pick(HOSTILE_INSTANTS) : this.gen.instant();
      else if (kind === 'int') v = this.rng.pick(['0', '1', '-1', '1000', '1001', '1e308', '1.5', '١٢', 'abc', '', String(2 ** 53 + 1)]);
      else v = this.rng.pick(['open', 'resolved', 'OPEN', '', '__proto__']);
      parts.push(`${k}=${safeEncode(v)}`);
    }
    return parts.length ? `?${parts.join('&')}` : '';
  }

  private async body(e: Endpoint): Promise<{ text?: string | Buffer; value?: unknown }> {
    const r = this.rng.int(100);
    if (e.body === null) {
      if (r < 85) return {};
      return r < 95 ? { text: toJsonText(this.gen.draw(hostileWholeBody)) } : { text: this.rng.pick(RAW_BODIES) };
    }
    if (e.body === 'any' || r < 8) return { text: toJsonText(this.gen.draw(hostileWholeBody)) };
    if (r < 13) return { text: this.rng.pick(RAW_BODIES) };
    const value = this.gen.body(e.body);
    const versionOf = VERSIONED[e.name];
    if (versionOf && isObject(value) && this.rng.int(2) === 0) {
      // Half the patches carry the current version, so they get past the stale-version check.
      const id = this.lastPathIds.at(-1);
      const row = id && (await this.world.sql.query(`select version from ${versionOf} where id::text = $1`, [id])).rows[0];
      if (row) value.expectedVersion = row.version;
    }
    return { text: toJsonText(value), value };
  }

  private async one(e: Endpoint): Promise<void> {
    this.lastPathIds = [];
    const path = e.path.replace(/:(\w+)/g, (_m, kind: IdKind) => {
      const id = this.pathId(kind);
      this.lastPathIds.push(id);
      return id;
    });
    const actor: Actor = this.rng.int(100) < 7 ? 'anon' : e.admin && this.rng.int(100) < 75 ? 'admin' : 'fuzzer';
    const headers: Record<string, string> = {};
    let cookie = actor === 'admin' ? this.world.admin.cookieHeader : actor === 'fuzzer' ? this.world.fuzzer.cookieHeader : this.rng.pick(ANON_COOKIES);
    if (e.name === 'auth.logout' && actor === 'fuzzer') {
      // Never the fuzz user's own session: a throwaway one, a few times per run (each login costs an scrypt).
      cookie = this.logouts++ < 12 ? await this.loginAs('fuzz-logout', 'fuzz-logout-password-1') : null;
    }
    if (cookie) headers.cookie = cookie;
    const { text, value } = e.method === 'GET' ? { text: undefined, value: undefined } : await this.body(e);
    if (text !== undefined) {
      const ct = this.rng.weightedPick(CONTENT_TYPES);
      if (ct) headers['content-type'] = ct;
    }
    const o = this.rng.int(100);
    if (o < 3) headers.origin = 'http://evil.example';
    else if (o < 5) headers.origin = 'null';
    else if (o < 7) headers.origin = this.baseUrl.replace('http:', 'https:');
    if (e.idempotent && this.rng.int(100) < 40) headers['idempotency-key'] = this.idempotencyKey();
    const url = this.baseUrl + path + this.queryString(e);
    const t0 = performance.now();
    await this.send(e, url, headers, text, value !== undefined && hasBadText(value));
    this.stats.msPerRoute[e.name] = (this.stats.msPerRoute[e.name] ?? 0) + Math.round(performance.now() - t0);
  }

  private idempotencyKey(): string {
    const r = this.rng.int(100);
    if (r < 30 && this.usedKeys.length) return this.rng.pick(this.usedKeys);
    if (r < 35) return '';
    if (r < 40) return 'k'.repeat(201);
    if (r < 43) return 'k'.repeat(8000);
    if (r < 46) return 'cl\u00e9-\u00ff';
    if (r < 50) return ' k ';
    const key = `k-${this.rng.int(1e9)}`;
    this.usedKeys.push(key);
    return key;
  }

  private async send(e: Endpoint, url: string, headers: Record<string, string>, body: string | Buffer | undefined, badText: boolean): Promise<void> {
    const route = routeLabel(e);
    this.stats.requests++;
    const head = `${e.method} ${url.slice(0, 300)}\n${JSON.stringify(headers).slice(0, 500)}\n`;
    fs.writeFileSync(LAST_REQUEST_FILE, head + (typeof body === 'string' ? body.slice(0, 4000) : body ? `<${body.length} bytes>` : ''));
    this.stats.perRoute[e.name] = (this.stats.perRoute[e.name] ?? 0) + 1;
    let status: number;
    let text: string;
    let requestId: string | undefined;
    try {
      const res = await fetch(url, { method: e.method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body), signal: AbortSignal.timeout(20_000) });
      status = res.status;
      requestId = res.headers.get('x-request-id') ?? undefined;
      text = await res.text();
    } catch (err) {
      this.count('no answer');
      const sample = typeof body === 'string' ? body.slice(0, 300) : String(body?.length ?? '');
      this.stats.findings.push({ kind: 'no answer', route, status: 0, message: String((err as Error).cause ?? err).slice(0, 200), sample });
      return;
    }
    this.count(String(status));
    const sample = () => `${e.method} ${url.slice(0, 200)} ${JSON.stringify(headers).slice(0, 300)} ${typeof body === 'string' ? body.slice(0, 400) : body ? `<${body.length} bytes>` : ''}`;
    if (status >= 500) {
      this.stats.findings.push({ kind: '5xx', route, status, message: errorMessage(text), requestId, sample: sample() });
    }
    // Issue 10: NUL and lone surrogates are refused with a 400 naming the field, never stored (or mangled into U+FFFD).
    if (badText && status < 300) {
      this.stats.findings.push({ kind: 'accepted NUL / lone surrogate', route, status, message: 'a body with NUL or a lone surrogate in a string was accepted', requestId, sample: sample() });
    }
    if (e.method === 'GET') return;
    const now = await writeProbe(this.world.sql);
    const conflictRecorded = status === 409 && errorCode(text) === 'conflict';
    if (status >= 400 && !conflictRecorded && now !== this.probe) {
      this.stats.findings.push({ kind: '4xx stored', route, status, message: `${errorMessage(text)}; database moved: ${this.probe} → ${now}`, requestId, sample: sample() });
    }
    this.probe = now;
  }

  private count(key: string): void {
    this.stats.statuses[key] = (this.stats.statuses[key] ?? 0) + 1;
  }
}

/** The request in flight, on disk: if the server takes the process down (out of heap), this says what did it. */
export const LAST_REQUEST_FILE = path.resolve(import.meta.dirname, '../../test-results/fuzz-last-request.txt');

const LONE_SURROGATE = /\p{Surrogate}/u;

/** True when some string in the value (key or leaf) holds U+0000 or a lone surrogate. */
function hasBadText(v: unknown): boolean {
  const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);
  if (typeof v === 'string') return bad(v);
  if (Array.isArray(v)) return v.some(hasBadText);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => bad(k) || hasBadText(x));
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function safeEncode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, UTF-8 encoded: not valid UTF-8
  }
}

function errorCode(text: string): string | undefined {
  try {
    return JSON.parse(text)?.error?.code;
  } catch {
    return undefined;
  }
}

function errorMessage(text: string): string {
  try {
    const e = JSON.parse(text)?.error;
    return e ? `${e.code}: ${String(e.message).slice(0, 200)}` : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
