import { createHash, randomBytes } from 'node:crypto';
import type { CreateFeedBody, FeedDto } from '@schedhuler/shared';
import { renderCalendar, type CalendarEvent } from '../integrations/ical';
import { notFound, validationFailed } from '../errors';
import { isUuid, requireActor, requireBoardRole } from './access';
import type { Clock } from './clock';
import type { Ctx } from './context';
import { rawQuery } from './raw-sql';

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

interface FeedRow {
  id: string;
  board_id: string;
  asset_ids: string[] | null;
  created_at: Date;
}

const toFeedDto = (r: FeedRow): FeedDto => ({ id: r.id, boardId: r.board_id, assetIds: r.asset_ids, createdAt: new Date(r.created_at).toISOString() });

interface EventRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'conflicted' | 'cancelled';
  version: number;
  updated_at: Date;
  job_name: string;
  asset_code: string;
  asset_name: string;
}

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
      const found = await ctx.em.execute<{ id: string }[]>('select id from asset where board_id = ? and id = any(?::uuid[])', [boardId, `{${assetIds.join(',')}}`]);
      const known = new Set(found.map((r) => r.id));
      const missing = body.assetIds!.flatMap((id, i) => (known.has(id.toLowerCase()) ? [] : [{ path: `assetIds.${i}`, message: 'no such asset on this board' }]));
      if (missing.length) throw validationFailed(missing);
    }
    const token = randomBytes(32).toString('base64url');
    const [row] = await ctx.em.execute<FeedRow[]>(
      `insert into calendar_feed (id, board_id, user_id, token_hash, asset_ids, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?::jsonb, now()) returning id, board_id, asset_ids, created_at`,
      [boardId, ctx.actor.id, hashToken(token), assetIds ? JSON.stringify(assetIds) : null],
    );
    return { feed: toFeedDto(row!), token };
  }

  /** The caller's own feeds of the board (other members' feeds are theirs alone). */
  async list(ctx: Ctx, boardId: string): Promise<FeedDto[]> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await ctx.em.execute<FeedRow[]>(
      'select id, board_id, asset_ids, created_at from calendar_feed where board_id = ? and user_id = ? order by created_at, id',
      [boardId, ctx.actor.id],
    );
    return rows.map(toFeedDto);
  }

  /** Deletes the caller's feed: its URL answers 404 from now on. Someone else's feed is a 404 too. */
  async revoke(ctx: Ctx, boardId: string, feedId: string): Promise<void> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    if (!isUuid(feedId)) throw notFound('feed');
    const rows = await ctx.em.execute<{ id: string }[]>('delete from calendar_feed where id = ? and board_id = ? and user_id = ? returning id', [feedId, boardId, ctx.actor.id]);
    if (!rows.length) throw notFound('feed');
  }

  /**
   * The calendar text of a feed: every occurrence overlapping [now − 7 days, now + horizon], cancelled
   * ones as STATUS:CANCELLED so subscribed calendars drop them. A token that is malformed, unknown,
   * revoked, or whose owner is no longer a member of the board is a 404, the same answer for all.
   */
  async render(ctx: Ctx, token: string): Promise<{ ics: string; boardName: string }> {
    if (!TOKEN.test(token)) throw notFound('feed');
    const [feed] = await rawQuery<{ board_id: string; asset_ids: string[] | null; name: string; timezone: string; horizon_days: number }>(
      ctx.em,
      `select f.board_id, f.asset_ids, b.name, b.timezone, b.horizon_days
         from calendar_feed f join board b on b.id = f.board_id join app_user u on u.id = f.user_id
        where f.token_hash = $1
          and (u.is_admin or exists (select 1 from membership m where m.board_id = f.board_id and m.user_id = f.user_id))`,
      [hashToken(token)],
    );
    if (!feed) throw notFound('feed');
    const now = this.clock.now();
    const from = new Date(now.getTime() - PAST_MS);
    const to = new Date(now.getTime() + feed.horizon_days * DAY);
    const rows = await rawQuery<EventRow>(
      ctx.em,
      `select o.id, o.starts_at, o.ends_at, o.status, o.version, o.updated_at, j.name as job_name, a.code as asset_code, a.name as asset_name
         from occurrence o join job j on j.id = o.job_id join asset a on a.id = o.asset_id
        where o.board_id = $1 and o.starts_at < $2 and o.starts_at > $3 and o.ends_at > $4
          and ($5::uuid[] is null or o.asset_id = any($5::uuid[]))
        order by o.starts_at, o.id limit ${MAX_EVENTS}`,
      [feed.board_id, to, new Date(from.getTime() - MAX_OCCURRENCE_MS), from, feed.asset_ids ? `{${feed.asset_ids.join(',')}}` : null],
    );
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
