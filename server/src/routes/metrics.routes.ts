import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppEnv } from '../http/types';
import { DbPoolUsage } from '../observability/db-pool-usage';
import type { Metrics } from '../observability/metrics';

/** The pool gauges' source: transactions waiting for and holding a connection (`DbPoolUsage` says why). */
export function watchDbPool(metrics: Metrics, orm: MikroORM): () => void {
  // knex's own default when no acquire timeout is configured.
  const usage = new DbPoolUsage(orm.config.get('pool')?.acquireTimeoutMillis ?? 60_000);
  orm.em.getEventManager().registerSubscriber(usage);
  return metrics.watchPool(() => usage.stats());
}

// Equal-length digests, so the comparison takes the same time whatever the caller sent.
const digest = (s: string) => createHash('sha256').update(s).digest();

/** `GET /metrics` in the Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(deps: { metrics: Metrics; orm: MikroORM; token: string | undefined }) {
  const { metrics, orm, token } = deps;
  watchDbPool(metrics, orm);
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
