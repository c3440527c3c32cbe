import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppEnv } from '../http/types';
import type { Metrics, PoolStats } from '../observability/metrics';

/** knex's pool is tarn; these two counters are what an operator needs to see starvation. */
interface TarnLike {
  numUsed(): number;
  numPendingAcquires(): number;
}

export function poolStats(orm: MikroORM): PoolStats {
  const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnLike | null }).pool;
  return pool ? { used: pool.numUsed(), pending: pool.numPendingAcquires() } : { used: 0, pending: 0 };
}

// Equal-length digests, so the comparison takes the same time whatever the caller sent.
const digest = (s: string) => createHash('sha256').update(s).digest();

/** `GET /metrics` in the Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(deps: { metrics: Metrics; orm: MikroORM; token: string | undefined }) {
  const { metrics, orm, token } = deps;
  metrics.watchPool(() => poolStats(orm));
  const expected = token ? digest(token) : undefined;
  const r = new Hono<AppEnv>();
  r.get('/metrics', async (c) => {
    if (expected) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
      if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        const message = match ? 'the metrics token is wrong' : 'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"';
        return c.json({ error: { code: 'unauthenticated', message } }, 401);
      }
    }
    return c.body(await metrics.scrape(), 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
  });
  return r;
}
