import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../services/scheduling-rows';
import { rawQuery } from './sql';

/** Personal iCal feeds (only the token's hash is stored) and the occurrences a feed shows. */

export interface FeedRow {
  id: string;
  board_id: string;
  asset_ids: string[] | null;
  created_at: Date;
}

export interface FeedEventRow {
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

/** Which of these asset ids are assets of the board. */
export async function findBoardAssetIds(em: EntityManager, boardId: string, assetIds: readonly string[]): Promise<Set<string>> {
  const rows = await rawQuery<{ id: string }>(em, 'select id from asset where board_id = ? and id = any(?::uuid[])', [boardId, pgArray(assetIds)]);
  return new Set(rows.map((r) => r.id));
}

export async function insertFeed(em: EntityManager, boardId: string, userId: string, tokenHash: string, assetIds: readonly string[] | null): Promise<FeedRow> {
  const [row] = await rawQuery<FeedRow>(
    em,
    `insert into calendar_feed (id, board_id, user_id, token_hash, asset_ids, created_at)
     values (gen_random_uuid(), ?, ?, ?, ?::jsonb, now()) returning id, board_id, asset_ids, created_at`,
    [boardId, userId, tokenHash, assetIds ? JSON.stringify(assetIds) : null],
  );
  return row!;
}

export function findFeedsOf(em: EntityManager, boardId: string, userId: string): Promise<FeedRow[]> {
  return rawQuery<FeedRow>(em, 'select id, board_id, asset_ids, created_at from calendar_feed where board_id = ? and user_id = ? order by created_at, id', [boardId, userId]);
}

/** Deletes the user's feed; false when there is no such feed of theirs on the board. */
export async function deleteFeed(em: EntityManager, feedId: string, boardId: string, userId: string): Promise<boolean> {
  const rows = await rawQuery<{ id: string }>(em, 'delete from calendar_feed where id = ? and board_id = ? and user_id = ? returning id', [feedId, boardId, userId]);
  return rows.length > 0;
}

/** The feed of a token hash with its board, only while its owner may still see the board (admin or member). */
export async function findLiveFeedByTokenHash(
  em: EntityManager,
  tokenHash: string,
): Promise<{ board_id: string; asset_ids: string[] | null; name: string; timezone: string; horizon_days: number } | undefined> {
  const [row] = await rawQuery<{ board_id: string; asset_ids: string[] | null; name: string; timezone: string; horizon_days: number }>(
    em,
    `select f.board_id, f.asset_ids, b.name, b.timezone, b.horizon_days
       from calendar_feed f join board b on b.id = f.board_id join app_user u on u.id = f.user_id
      where f.token_hash = ?
        and (u.is_admin or exists (select 1 from membership m where m.board_id = f.board_id and m.user_id = f.user_id))`,
    [tokenHash],
  );
  return row;
}

/** Occurrences (cancelled ones too) overlapping [from, to) on the board, optionally only of some assets. */
export function findFeedEvents(
  em: EntityManager,
  q: { boardId: string; from: Date; to: Date; maxDurationMs: number; assetIds: readonly string[] | null; limit: number },
): Promise<FeedEventRow[]> {
  const assets = q.assetIds ? pgArray(q.assetIds) : null;
  return rawQuery<FeedEventRow>(
    em,
    `select o.id, o.starts_at, o.ends_at, o.status, o.version, o.updated_at, j.name as job_name, a.code as asset_code, a.name as asset_name
       from occurrence o join job j on j.id = o.job_id join asset a on a.id = o.asset_id
      where o.board_id = ? and o.starts_at < ? and o.starts_at > ? and o.ends_at > ?
        and (?::uuid[] is null or o.asset_id = any(?::uuid[]))
      order by o.starts_at, o.id limit ?`,
    [q.boardId, q.to, new Date(q.from.getTime() - q.maxDurationMs), q.from, assets, assets, q.limit],
  );
}
