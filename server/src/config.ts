import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllowedOrigins } from './http/origin';
import { ProxyTrust } from './http/proxy';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './http/timeouts';
import { parseInitialAdmin, type InitialAdmin } from './seed/admin';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SERVER_ROOT = path.resolve(here, '..');
export const REPO_ROOT = path.resolve(SERVER_ROOT, '..');

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  embeddedPgDir: string;
  embeddedPgPort: number;
  redisUrl: string | undefined;
  seedDemo: boolean;
  /** DEMO_OVERLAP=0: the demo seed leaves out its one open double booking (tests that count conflicts). */
  demoOverlap: boolean;
  clientDist: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  /** Extra origins (full: scheme, host, port) allowed to send mutating requests and open sockets (e.g. the Vite dev server). */
  allowedOrigins: string[];
  logLevel: string;
  nodeId: string;
  /** Headers and body of a request must arrive within this (REQUEST_TIMEOUT_MS), else 408 and the connection closes. */
  requestTimeoutMs: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Peers whose `X-Forwarded-For/-Proto/-Host` are believed (`TRUST_PROXY`); none by default. */
  trustProxy: ProxyTrust;
  /** `ADMIN_USERNAME` / `ADMIN_PASSWORD`: the admin created in a database without users. */
  initialAdmin: InitialAdmin | undefined;
  /** Tests: the most occurrences one board snapshot carries (SNAPSHOT_OCCURRENCE_LIMIT when unset). */
  snapshotOccurrenceLimit?: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: intEnv(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedPgDir: path.resolve(REPO_ROOT, env.EMBEDDED_PG_DIR || 'data/pg'),
    embeddedPgPort: intEnv(env, 'EMBEDDED_PG_PORT', 54329),
    redisUrl: env.REDIS_URL || undefined,
    seedDemo: env.SEED_DEMO !== '0',
    demoOverlap: env.DEMO_OVERLAP !== '0',
    clientDist: path.resolve(REPO_ROOT, 'client/dist'),
    sessionTtlMs: intEnv(env, 'SESSION_TTL_HOURS', 24 * 7) * 3_600_000,
    cookieSecure: env.COOKIE_SECURE === '1',
    allowedOrigins: parseAllowedOrigins(env.ALLOWED_ORIGINS),
    logLevel: env.LOG_LEVEL || 'info',
    nodeId: env.NODE_ID || `node-${process.pid}`,
    requestTimeoutMs: intEnv(env, 'REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS) || DEFAULT_REQUEST_TIMEOUT_MS,
    metricsToken: env.METRICS_TOKEN || undefined,
    trustProxy: ProxyTrust.parse(env.TRUST_PROXY),
    initialAdmin: parseInitialAdmin(env),
  };
}
