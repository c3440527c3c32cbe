import { createHash, randomBytes } from 'node:crypto';
import type { CreateFeedBody, FeedDto } from '@schedhuler/shared';
import { renderCalendar, type CalendarEvent } from '../integrations/ical';
import { notFound, validationFailed } from '../errors';
import { deleteFeed, findBoardAssetIds, findFeedEvents, findFeedsOf, findLiveFeedByTokenHash, insertFeed, type FeedRow } from '../repositories/calendar-feed.repository';
import { isUuid, requireActor, requireBoardRole } from './access';
import type { Clock } from './clock';
import type { Ctx } from './context';

const DAY = 86_400_000;
/** The feed shows runs from a week back, so this week's past runs stay in the calendar. */
const PAST_MS = 7 * DAY;
/** No occurrence lasts longer (occurrence_length_check): bounds the index range scan. */
const MAX_OCCURRENCE_MS = DAY;
/** A board with a 90-day horizon and many jobs stays a sane download. */
const MAX_EVENTS = 20_000;
/** 32 random bytes in base64url: 43 characters, 256 bits. Anything else cannot be a token of ours. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const toFeedDto = (r: FeedRow): FeedDto => ({ id: r.id, boardId: r.board_id, assetIds: r.asset_ids, createdAt: new Date(r.created_at).toISOString() });

const STATUS = { scheduled: 'CONFIRMED', conflicted: 'TENTATIVE', cancelled: 'CANCELLED' } as const;

/**
 * Personal, revocable iCal feeds. The token is the credential of `GET /feeds/:token.ics`, so only
 * its hash is stored and nothing about a token is cached: a revoke or a membership removal is in
 * force for the very next fetch.
 */
export class FeedService {
  constructor(private readonly clock: Clock) {}

  /** Any member may subscribe to a board they can see; the token comes back once, never again. */
  async create(ctx: Ctx, boardId: string, body: CreateFeedBody): Promise<{ feed: FeedDto; token: string }> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const assetIds = body.assetIds ? [...new Set(body.assetIds.map((id) => id.toLowerCase()))] : null;
    if (assetIds) {
      const known = await findBoardAssetIds(ctx.em, boardId, assetIds);
      const missing = body.assetIds!.flatMap((id, i) => (known.has(id.toLowerCase()) ? [] : [{ path: `assetIds.${i}`, message: 'no such asset on this board' }]));
      if (missing.length) throw validationFailed(missing);
    }
    const token = randomBytes(32).toString('base64url');
    const row = await insertFeed(ctx.em, boardId, ctx.actor.id, hashToken(token), assetIds);
    return { feed: toFeedDto(row), token };
  }

  /** The caller's own feeds of the board (other members' feeds are theirs alone). */
  async list(ctx: Ctx, boardId: string): Promise<FeedDto[]> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await findFeedsOf(ctx.em, boardId, ctx.actor.id);
    return rows.map(toFeedDto);
  }

  /** Deletes the caller's feed: its URL answers 404 from now on. Someone else's feed is a 404 too. */
  async revoke(ctx: Ctx, boardId: string, feedId: string): Promise<void> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    if (!isUuid(feedId)) throw notFound('feed');
    if (!(await deleteFeed(ctx.em, feedId, boardId, ctx.actor.id))) throw notFound('feed');
  }

  /**
   * The calendar text of a feed: every occurrence overlapping [now − 7 days, now + horizon], cancelled
   * ones as STATUS:CANCELLED so subscribed calendars drop them. A token that is malformed, unknown,
   * revoked, or whose owner is no longer a member of the board is a 404, the same answer for all.
   */
  async render(ctx: Ctx, token: string): Promise<{ ics: string; boardName: string }> {
    if (!TOKEN.test(token)) throw notFound('feed');
    const feed = await findLiveFeedByTokenHash(ctx.em, hashToken(token));
    if (!feed) throw notFound('feed');
    const now = this.clock.now();
    const from = new Date(now.getTime() - PAST_MS);
    const to = new Date(now.getTime() + feed.horizon_days * DAY);
    const rows = await findFeedEvents(ctx.em, { boardId: feed.board_id, from, to, maxDurationMs: MAX_OCCURRENCE_MS, assetIds: feed.asset_ids, limit: MAX_EVENTS });
    const events: CalendarEvent[] = rows.map((r) => ({
      uid: `${r.id}@schedhuler`,
      sequence: r.version,
      start: new Date(r.starts_at),
      end: new Date(r.ends_at),
      modified: new Date(r.updated_at),
      summary: `${r.job_name} — ${r.asset_name}`,
      description: `Asset: ${r.asset_name} (${r.asset_code})\nBoard: ${feed.name}${r.status === 'conflicted' ? '\nDouble-booked: a conflict is open' : ''}`,
      status: STATUS[r.status],
    }));
    return { ics: renderCalendar({ name: feed.name, stamp: now, timezone: feed.timezone, events }), boardName: feed.name };
  }
}
