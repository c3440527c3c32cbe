import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssetKind, AssetStatus } from '@schedhuler/shared';
import { pgArray } from '../services/scheduling-rows';
import { rawQuery } from './sql';

/** Assets of a board: the versioned edit and the spreadsheet import/export. */

export interface AssetRow {
  id: string;
  board_id: string;
  code: string;
  name: string;
  kind: AssetKind;
  status: AssetStatus;
  version: number;
}

/** Compare-and-set on version: false when the asset is not at `expectedVersion` (or gone). */
export async function updateAssetIfVersion(em: EntityManager, assetId: string, expectedVersion: number, patch: { name?: string | null; status?: AssetStatus | null }): Promise<boolean> {
  const rows = await rawQuery<{ id: string }>(
    em,
    `update asset set name = coalesce(?, name), status = coalesce(?, status), version = version + 1, updated_at = now()
      where id = ? and version = ? returning id`,
    [patch.name ?? null, patch.status ?? null, assetId, expectedVersion],
  );
  return rows.length > 0;
}

/** The board's assets with the import's columns, by kind and code. */
export function findAssetsForExport(em: EntityManager, boardId: string): Promise<Pick<AssetRow, 'code' | 'name' | 'kind' | 'status'>[]> {
  return rawQuery(em, 'select code, name, kind, status from asset where board_id = ? order by kind, code', [boardId]);
}

/** The board's assets with these codes, row-locked until the caller's transaction ends. */
export function findAssetsByCodesForUpdate(em: EntityManager, boardId: string, codes: readonly string[]): Promise<AssetRow[]> {
  return rawQuery<AssetRow>(em, 'select id, board_id, code, name, kind, status, version from asset where board_id = ? and code = any(?::text[]) for update', [boardId, pgArray(codes)]);
}

/**
 * One statement upserts every row: new codes are inserted, existing ones get the new name and status
 * and a new version — only when something changes, and never across kinds (the caller checks before,
 * under a row lock; the `kind` guard covers a code inserted meanwhile by someone else).
 * Returns the rows inserted or changed, `inserted` telling which.
 */
export function upsertAssets(
  em: EntityManager,
  boardId: string,
  rows: readonly { code: string; name: string; kind: AssetKind; status: AssetStatus }[],
): Promise<(AssetRow & { inserted: boolean })[]> {
  if (!rows.length) return Promise.resolve([]);
  return rawQuery(
    em,
    `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at)
       select gen_random_uuid(), ?, x.code, x.name, x.kind, x.status, 1, now(), now()
         from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as x(code, name, kind, status)
     on conflict (board_id, code) do update set name = excluded.name, status = excluded.status, version = asset.version + 1, updated_at = now()
       where asset.kind = excluded.kind and (asset.name, asset.status) is distinct from (excluded.name, excluded.status)
     returning id, board_id, code, name, kind, status, version, (xmax = 0) as inserted`,
    [boardId, pgArray(rows.map((r) => r.code)), pgArray(rows.map((r) => r.name)), pgArray(rows.map((r) => r.kind)), pgArray(rows.map((r) => r.status))],
  );
}

/** The asset if it is on this board (what a booking target is checked against). */
export async function findBoardAsset(em: EntityManager, boardId: string, assetId: string): Promise<Pick<AssetRow, 'code' | 'kind' | 'status'> | undefined> {
  const [row] = await rawQuery<Pick<AssetRow, 'code' | 'kind' | 'status'>>(em, 'select code, kind, status from asset where id = ? and board_id = ?', [assetId, boardId]);
  return row;
}

export async function findAssetBoardId(em: EntityManager, assetId: string): Promise<string | undefined> {
  const [row] = await rawQuery<{ board_id: string }>(em, 'select board_id from asset where id = ?', [assetId]);
  return row?.board_id;
}

/** Of these assets, those on the board, with what a booking checks (kind, status). */
export function findBoardAssets(em: EntityManager, boardId: string, assetIds: readonly string[]): Promise<Pick<AssetRow, 'id' | 'code' | 'kind' | 'status'>[]> {
  return rawQuery(em, 'select id, code, kind, status from asset where id = any(?::uuid[]) and board_id = ?', [pgArray(assetIds), boardId]);
}

/** These assets' codes and statuses, by code. */
export function findAssetStatuses(em: EntityManager, assetIds: readonly string[]): Promise<Pick<AssetRow, 'code' | 'status'>[]> {
  return rawQuery(em, 'select code, status from asset where id = any(?::uuid[]) order by code', [pgArray(assetIds)]);
}

/** The board's asset ids by code. */
export function findAssetIdsOf(em: EntityManager, boardId: string): Promise<Pick<AssetRow, 'id' | 'code'>[]> {
  return rawQuery(em, 'select id, code from asset where board_id = ?', [boardId]);
}
