import { DateTime } from 'luxon';
import { ASSET_CSV_COLUMNS, type AssetDto, type AssetImportResult, type AssetKind, type AssetStatus, type CsvIssue, type OccurrencesCsvQuery } from '@schedhuler/shared';
import { parseAssetCsv, type AssetCsvRow } from '../integrations/asset-csv';
import { toCsv } from '../integrations/csv';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import { requireActor, requireBoardRole } from './access';
import type { Ctx } from './context';
import { rawQuery } from './raw-sql';
import { pgArray } from './scheduling-rows';
import { inSqlTransaction } from './unit-of-work';

const OCCURRENCE_HEADER = ['id', 'jobId', 'jobName', 'assetCode', 'assetName', 'startsAt', 'endsAt', 'localStart', 'localEnd', 'timezone', 'status', 'detached', 'version'];
const MAX_OCCURRENCE_MS = 86_400_000;
const MAX_EXPORT_ROWS = 200_000;

interface AssetRow {
  id: string;
  board_id: string;
  code: string;
  name: string;
  kind: AssetKind;
  status: AssetStatus;
  version: number;
}

const toDto = (r: AssetRow): AssetDto => ({ id: r.id, boardId: r.board_id, code: r.code, name: r.name, kind: r.kind, status: r.status, version: r.version });

function importFailed(issues: CsvIssue[]): AppError {
  const first = issues.slice(0, 3).map((i) => `line ${i.line}, column ${i.column}: ${i.message}`).join('; ');
  return new AppError('validation_failed', `the file was not imported (${issues.length === 1 ? '1 problem' : `${issues.length} problems`}): ${first}`, issues);
}

/**
 * One statement upserts every row: new codes are inserted, existing ones get the new name and status
 * and a new version — only when something changes, and never across kinds (checked before, under a
 * row lock; the `kind` guard covers a code inserted meanwhile by someone else).
 */
const UPSERT_SQL = `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at)
  select gen_random_uuid(), $1, x.code, x.name, x.kind, x.status, 1, now(), now()
    from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as x(code, name, kind, status)
  on conflict (board_id, code) do update set name = excluded.name, status = excluded.status, version = asset.version + 1, updated_at = now()
    where asset.kind = excluded.kind and (asset.name, asset.status) is distinct from (excluded.name, excluded.status)
  returning id, board_id, code, name, kind, status, version, (xmax = 0) as inserted`;

/** Spreadsheet export and import of a board's assets, export of its occurrences. */
export class CsvService {
  constructor(private readonly bus: EventBus) {}

  /** The board's assets with exactly the import's columns, so an export imports back unchanged. */
  async exportAssets(ctx: Ctx, boardId: string): Promise<string> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await ctx.em.execute<AssetRow[]>('select code, name, kind, status from asset where board_id = ? order by kind, code', [boardId]);
    return toCsv(ASSET_CSV_COLUMNS, rows.map((r) => [r.code, r.name, r.kind, r.status]));
  }

  /** Every occurrence overlapping [from, to), cancelled ones included (with their status). */
  async exportOccurrences(ctx: Ctx, boardId: string, q: OccurrencesCsvQuery): Promise<string> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const from = new Date(q.from);
    const to = new Date(q.to);
    const rows = await rawQuery<{
      id: string; job_id: string; job_name: string; asset_code: string; asset_name: string; starts_at: Date; ends_at: Date; status: string; detached: boolean; version: number; timezone: string;
    }>(
      ctx.em,
      `select o.id, o.job_id, j.name as job_name, a.code as asset_code, a.name as asset_name, o.starts_at, o.ends_at, o.status, o.detached, o.version, j.timezone
         from occurrence o join job j on j.id = o.job_id join asset a on a.id = o.asset_id
        where o.board_id = $1 and o.starts_at < $2 and o.starts_at > $3 and o.ends_at > $4
        order by o.starts_at, o.id limit ${MAX_EXPORT_ROWS}`,
      [boardId, to, new Date(from.getTime() - MAX_OCCURRENCE_MS), from],
    );
    const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
    return toCsv(
      OCCURRENCE_HEADER,
      rows.map((r) => {
        const start = new Date(r.starts_at);
        const end = new Date(r.ends_at);
        return [r.id, r.job_id, r.job_name, r.asset_code, r.asset_name, start.toISOString(), end.toISOString(), local(start, r.timezone), local(end, r.timezone), r.timezone, r.status, r.detached, r.version];
      }),
    );
  }

  /**
   * Imports `code,name,kind,status` rows: new codes are created, existing ones updated, in one
   * transaction with one `asset.created` / `asset.updated` event per changed asset (so boards update
   * live), or nothing at all with every problem listed by line and column.
   */
  async importAssets(ctx: Ctx, boardId: string, bytes: Uint8Array): Promise<AssetImportResult> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'planner');
    const parsed = parseAssetCsv(bytes);
    if (parsed.issues.length) throw importFailed(parsed.issues);
    if (!parsed.rows.length) return { created: 0, updated: 0, unchanged: 0 };
    const { result } = await inSqlTransaction(ctx.em, this.bus, ctx.actor, async (q, emit) => {
      const existing = new Map(
        (await q<AssetRow>('select id, board_id, code, name, kind, status, version from asset where board_id = $1 and code = any($2::text[]) for update', [boardId, pgArray(parsed.rows.map((r) => r.code))])).map((r) => [r.code, r]),
      );
      const issues: CsvIssue[] = [];
      const changed: (AssetCsvRow & { status: AssetStatus })[] = [];
      let unchanged = 0;
      for (const row of parsed.rows) {
        const old = existing.get(row.code);
        if (old && old.kind !== row.kind) {
          issues.push({ line: row.line, column: parsed.columns.kind!, field: 'kind', message: `kind: asset "${row.code}" is a ${old.kind} on this board; an import cannot change the kind of an asset` });
          continue;
        }
        const status = row.status ?? old?.status ?? 'working';
        if (old && old.name === row.name && old.status === status) unchanged++;
        else changed.push({ ...row, status });
      }
      if (issues.length) throw importFailed(issues);
      const rows = changed.length
        ? await q<AssetRow & { inserted: boolean }>(UPSERT_SQL, [
            boardId,
            pgArray(changed.map((r) => r.code)),
            pgArray(changed.map((r) => r.name)),
            pgArray(changed.map((r) => r.kind)),
            pgArray(changed.map((r) => r.status)),
          ])
        : [];
      let created = 0;
      for (const r of rows) {
        if (r.inserted) created++;
        emit(boardId, r.inserted ? 'asset.created' : 'asset.updated', toDto(r));
      }
      return { created, updated: rows.length - created, unchanged: unchanged + changed.length - rows.length };
    });
    return result;
  }
}
