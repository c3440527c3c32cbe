import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MIN_BYTES, compressDynamic } from './http/compression';
import { logger } from './logger';
import { findBusiestBoardMember } from './repositories/membership.repository';
import type { Services } from './services';
import type { Actor } from './services/context';
import { SnapshotCache } from './services/snapshot-cache';

const DAY_MS = 86_400_000;
/** The rows a 1440 × 900 board asks for first (client: firstViewAssets). */
const FIRST_ASSETS = 32;
/** Start-up waits no longer than this for the warm-up; a slower one goes on in the background. */
const MAX_WAIT_MS = 3000;

/**
 * Issue 13.2 (the board's first open after a start, as issue 12 asks): a fresh process ran the first
 * open's read path for the first time on that open (lazy compilation and inline caches of the session
 * lookup, the snapshot's queries, row decoding, compact encoding and brotli, a new pool connection's
 * first statements), while the browser loaded the page beside it on the same cores. The server time
 * of a 10,000-occurrence board's first view, freshly started: median 121 ms (102-164) without this,
 * 85 ms (68-106) with it (6 rounds each, taking turns, 2026-12-01).
 *
 * So, before the server listens, this runs that path once in-process: a session lookup (of a token
 * nobody has) and the first view of the busiest board's days around today, read as one of its members,
 * through a snapshot cache of its own that is then dropped (nothing a user is answered comes from
 * here, and nothing is written). Bounded: after `maxWaitMs` start-up goes on and the warm-up finishes
 * in the background; a failure is logged and otherwise ignored (an empty database has nothing to read).
 */
export async function warmReadPath(orm: MikroORM, services: Services, now: number, maxWaitMs = MAX_WAIT_MS): Promise<void> {
  const started = performance.now();
  const run = readOnce(orm, services, now).then(
    (board) => logger.debug({ board, ms: Math.round(performance.now() - started) }, 'read warm-up done'),
    (err: unknown) => logger.warn({ err }, 'read warm-up failed (the server serves as usual, only its first open is slower)'),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([run, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
  clearTimeout(timer);
}

async function readOnce(orm: MikroORM, services: Services, now: number): Promise<string | null> {
  const em = orm.em.fork();
  await services.auth.authenticate({ em }, randomBytes(32).toString('base64url'), { slide: false });
  const member = await findBusiestBoardMember(em);
  if (!member) return null;
  const actor: Actor = { id: member.id, username: member.username, displayName: member.display_name, isAdmin: member.is_admin };
  const day = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
  const range = { from: new Date(day - DAY_MS).toISOString(), to: new Date(day + 2 * DAY_MS).toISOString() };
  await new SnapshotCache(services.boards, compressDynamic).answer({ em: orm.em.fork(), actor }, member.board_id, range, 'compact', 'br', MIN_BYTES, FIRST_ASSETS);
  return member.board_id;
}
