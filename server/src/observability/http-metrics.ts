import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../http/types';
import type { Metrics } from './metrics';

/**
 * Times every request and labels it with the route template that answered. After `next()`,
 * `routePath(c)` is the handler that produced the response (Hono leaves `routeIndex` on it), so
 * ids never become labels; a request no route handled carries the catch-all's pattern
 * (`/api/*`, `*`), a fixed label.
 */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.httpRequest(c.req.method, routePath(c) || 'unmatched', c.res.status, (performance.now() - started) / 1000);
    }
  };
}
