import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config';
import { AppError, toAppError } from './errors';
import { refuseDeclaredOversize } from './http/body';
import { compression } from './http/compression';
import { isForeignOrigin, requestLike } from './http/origin';
import { inlineScriptHashes } from './http/inline-scripts';
import { responseHeaders } from './http/response-headers';
import { abortedRequest, requestAborted } from './http/timeouts';
import { readSessionToken, writeSessionCookie } from './http/session';
import type { AppEnv } from './http/types';
import { logger } from './logger';
import { httpMetrics } from './observability/http-metrics';
import { assetRoutes } from './routes/asset.routes';
import { authRoutes } from './routes/auth.routes';
import { boardRoutes } from './routes/board.routes';
import { conflictRoutes } from './routes/conflict.routes';
import { csvRoutes } from './routes/csv.routes';
import { docsRoutes } from './routes/docs.routes';
import { feedFileRoutes, feedRoutes } from './routes/feed.routes';
import { healthRoutes } from './routes/health.routes';
import { jobRoutes } from './routes/job.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { occurrenceRoutes } from './routes/occurrence.routes';
import { previewRoutes } from './routes/preview.routes';
import { userRoutes } from './routes/user.routes';
import { lazyCtx } from './services/context';
import type { Services } from './services/index';

export interface AppDeps {
  orm: MikroORM;
  services: Services;
  config: AppConfig;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The /api routes that answer without a session (docs/api.md); every other one is a 401 before its body is read. */
const PUBLIC_API = new Set(['POST /api/auth/login']);
/** The preview answers every failure with `ok: false` beside the error (docs/api.md), its 401 too. */
const OK_FALSE_API = new Set(['POST /api/schedules/preview']);

/** The Hono app: API, health, and the built client. Pure wiring; no business rules here. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { orm, services, config } = deps;
  const app = new Hono<AppEnv>();
  const dist = config.clientDist;
  const indexPath = path.join(dist, 'index.html');
  const indexHtml = fs.existsSync(indexPath) ? fs.readFileSync(indexPath, 'utf8') : null;

  app.use('*', responseHeaders(config.trustProxy, indexHtml ? inlineScriptHashes(indexHtml) : []));
  app.use('*', compression());
  app.use('*', httpMetrics(services.metrics));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (logger.isLevelEnabled('info') && c.req.path.startsWith('/api/')) {
      logger.info({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });
  app.route('/', healthRoutes(orm));
  // Calendar feeds: outside /api, so no session and no Origin check; the token in the path is the credential.
  app.route('/feeds', feedFileRoutes(orm, services.integrations.feeds));
  app.route('/', metricsRoutes({ metrics: services.metrics, orm, token: config.metricsToken }));
  // Public and bodiless: mounted before the /api/* session and body middleware.
  app.route('/api', docsRoutes());

  app.use('/api/*', async (c, next) => {
    if (MUTATING.has(c.req.method) && isForeignOrigin(requestLike(c), config.trustProxy, config.allowedOrigins)) {
      throw new AppError('forbidden', 'cross-origin request refused: the Origin header is not this application');
    }
    await next();
  });
  app.use('/api/*', async (c, next) => {
    refuseDeclaredOversize(c);
    await next();
  });
  app.use('/api/*', async (c, next) => {
    const ctx = lazyCtx(orm, c.get('requestId'));
    const token = readSessionToken(c);
    c.set('sessionToken', token);
    const session = await services.auth.authenticate(ctx, token);
    ctx.actor = session?.actor ?? null;
    // Everything but sign-in needs a session: refused here, before any handler reads and parses the
    // body (an anonymous 1 MiB body used to be parsed, and walked, before the service said 401).
    const route = `${c.req.method} ${c.req.path}`;
    if (!ctx.actor && !PUBLIC_API.has(route)) throw new AppError('unauthenticated', 'sign in first', undefined, OK_FALSE_API.has(route) ? { ok: false } : undefined);
    c.set('ctx', ctx);
    if (session?.renewedUntil && token) writeSessionCookie(c, token, session.renewedUntil, config.cookieSecure);
    await next();
  });

  app.route('/api/auth', authRoutes(services, config));
  app.route('/api/users', userRoutes(services));
  app.route('/api/boards', boardRoutes(services));
  app.route('/api', assetRoutes(services));
  app.route('/api', jobRoutes(services.scheduling));
  app.route('/api', occurrenceRoutes(services.scheduling));
  app.route('/api', conflictRoutes(services.scheduling));
  app.route('/api', previewRoutes(services.scheduling));
  app.route('/api', feedRoutes(services.integrations.feeds, config.trustProxy));
  app.route('/api', csvRoutes(services.integrations.csv));

  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  if (indexHtml !== null) {
    const root = path.relative(process.cwd(), dist) || '.';
    // Built file names carry a content hash (a new build is a new name), so browsers may keep them a
    // year; the page that names them is asked again every time, so a deploy is picked up at once.
    app.use('/*', async (c, next) => {
      await next();
      if (c.res.status !== 200) return;
      if (c.req.path.startsWith('/assets/')) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
      else if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Cache-Control', 'no-cache');
    });
    app.use('/*', serveStatic({ root }));
    // A missing built file is a 404, not the page: a stale chunk name must not be answered (and kept a
    // year) with HTML.
    app.get('/assets/*', (c) => c.text('not found', 404));
    app.get('*', (c) => c.html(indexHtml));
  } else {
    app.get('/', (c) => c.text('schedhuler API is running; the client is not built (run `pnpm build`).'));
  }

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    // A request the client gave up on fails in odd ways: that is a 408, not a bug.
    if (!(err instanceof AppError) && requestAborted(c)) return c.json(abortedRequest().toBody(), 408);
    const e = toAppError(err, { requestId }, `internal error (request id ${requestId})`);
    return c.json(e.toBody(), e.status as 400);
  });

  return app;
}
