import { Hono } from 'hono';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppEnv } from '../http/types';

export function healthRoutes(orm: MikroORM) {
  const r = new Hono<AppEnv>();
  r.get('/healthz', (c) => c.json({ ok: true }));
  r.get('/readyz', async (c) => {
    try {
      // MikroORM's own connection check (a `select 1` on a pooled connection), given 2 s.
      const check = await Promise.race([
        orm.checkConnection(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000)),
      ]);
      if (!check.ok) throw check.error ?? new Error(check.reason);
      return c.json({ ok: true, database: 'up' });
    } catch {
      return c.json({ ok: false, database: 'down', error: { code: 'unavailable', message: 'the database is unreachable' } }, 503);
    }
  });
  return r;
}
