/** Process, database and load-generation helpers of `scheduling.bench.ts`. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, percentile } from './support';

export { percentile, spawnServer } from './support';

export const iso = (ms: number) => new Date(ms).toISOString();
export const fmt = (n: number, d = 1) => n.toFixed(d);

const numberedCache = new Map<string, string>();

/** The server's `?` placeholders → `$1, $2, …` for plain `pg` (the baseline's SQL has no `?` operator). */
export function numbered(sql: string): string {
  let out = numberedCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numberedCache.set(sql, out);
  }
  return out;
}

export interface Postgres {
  /** A fresh, empty database on this server. */
  create(label: string): Promise<string>;
  stop(): Promise<void>;
}

/** DATABASE_URL's server (databases created and dropped), or an embedded PostgreSQL of our own. */
export async function postgres(): Promise<Postgres> {
  let admin = process.env.DATABASE_URL;
  let embedded: { stop(): Promise<void> } | undefined;
  let base: string | undefined;
  if (!admin) {
    const { EmbeddedPostgres } = await import('@schedhuler/server/db/embedded');
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-bench-sched-'));
    fs.chmodSync(base, 0o755);
    const server = new EmbeddedPostgres({ dir: path.join(base, 'pg'), port: await freePort(), database: 'postgres' });
    admin = await server.start();
    embedded = server;
  }
  const adminUrl = admin;
  const exec = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  const created: string[] = [];
  return {
    async create(label) {
      const name = `bench_sched_${label}_${randomBytes(4).toString('hex')}`;
      await exec(`create database "${name}"`);
      created.push(name);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      if (embedded) {
        await embedded.stop();
        fs.rmSync(base!, { recursive: true, force: true });
      } else {
        for (const name of created) await exec(`drop database if exists "${name}" with (force)`);
      }
    },
  };
}

export function post(agent: http.Agent, url: string, cookie: string, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), cookie } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(payload);
  });
}

export interface Drive {
  lat: Float64Array;
  statuses: Map<number, number>;
  wallMs: number;
}

/** `n` operations by `concurrency` workers; per-operation latency in ms. */
export async function drive(n: number, concurrency: number, op: (i: number) => Promise<number>): Promise<Drive> {
  const lat = new Float64Array(n);
  const statuses = new Map<number, number>();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        const status = await op(i);
        lat[i] = performance.now() - t0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return { lat, statuses, wallMs: performance.now() - start };
}

export function merge(runs: Drive[]): Drive {
  const lat = new Float64Array(runs.reduce((s, r) => s + r.lat.length, 0));
  const statuses = new Map<number, number>();
  let off = 0;
  for (const r of runs) {
    lat.set(r.lat, off);
    off += r.lat.length;
    for (const [k, v] of r.statuses) statuses.set(k, (statuses.get(k) ?? 0) + v);
  }
  return { lat: lat.sort(), statuses, wallMs: runs.reduce((s, r) => s + r.wallMs, 0) };
}

export const describe = (d: Drive) =>
  `${fmt(d.lat.length / (d.wallMs / 1000), 0)} req/s, p50 ${fmt(percentile(d.lat, 50))} ms, p99 ${fmt(percentile(d.lat, 99))} ms, statuses ${[...d.statuses].sort().map(([k, v]) => `${k}×${v}`).join(' ')}`;
