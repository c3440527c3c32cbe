import { DateTime } from 'luxon';
import { ASSET_CSV_COLUMNS, type AssetDto, type AssetImportResult, type AssetStatus, type CsvIssue, type OccurrencesCsvQuery } from '@schedhuler/shared';
import { parseAssetCsv, type AssetCsvRow } from '../integrations/asset-csv';
import { toCsv } from '../integrations/csv';
import { AppError, fieldInvalid } from '../errors';
import type { EventBus } from '../events/event-bus';
import { requireActor, requireBoardRole } from './access';
import type { Ctx } from './context';
import { findAssetsByCodesForUpdate, findAssetsForExport, upsertAssets, type AssetRow } from '../repositories/asset.repository';
import { findOccurrencesForExport } from '../repositories/occurrence.repository';
import { inTransaction } from './unit-of-work';

const OCCURRENCE_HEADER = ['id', 'jobId', 'jobName', 'assetCode', 'assetName', 'startsAt', 'endsAt', 'localStart', 'localEnd', 'timezone', 'status', 'detached', 'version'];
const MAX_OCCURRENCE_MS = 86_400_000;
const MAX_EXPORT_ROWS = 200_000;

const toDto = (r: AssetRow): AssetDto => ({ id: r.id, boardId: r.board_id, code: r.code, name: r.name, kind: r.kind, status: r.status, version: r.version });

function importFailed(issues: CsvIssue[]): AppError {
  const first = issues.slice(0, 3).map((i) => `line ${i.line}, column ${i.column}: ${i.message}`).join('; ');
  return new AppError('validation_failed', `the file was not imported (${issues.length === 1 ? '1 problem' : `${issues.length} problems`}): ${first}`, issues);
}

/** Spreadsheet export and import of a board's assets, export of its occurrences. */
export class CsvService {
  constructor(private readonly bus: EventBus) {}

  /** The board's assets with exactly the import's columns, so an export imports back unchanged. */
  async exportAssets(ctx: Ctx, boardId: string): Promise<string> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await findAssetsForExport(ctx.em, boardId);
    return toCsv(ASSET_CSV_COLUMNS, rows.map((r) => [r.code, r.name, r.kind, r.status]));
  }

  /** Every occurrence overlapping [from, to), cancelled ones included (with their status). */
  async exportOccurrences(ctx: Ctx, boardId: string, q: OccurrencesCsvQuery): Promise<string> {
    requireActor(ctx);
    await requireBoardRole(ctx, boardId, 'viewer');
    const from = new Date(q.from);
    const to = new Date(q.to);
    // One row more than the cap: a range holding more is refused, not answered with a file that looks whole.
    const rows = await findOccurrencesForExport(ctx.em, boardId, from, to, MAX_OCCURRENCE_MS, MAX_EXPORT_ROWS + 1);
    if (rows.length > MAX_EXPORT_ROWS) {
      throw fieldInvalid('to', `the range holds more than ${MAX_EXPORT_ROWS.toLocaleString('en')} occurrences, the most one export carries: export shorter ranges (occurrence ${(MAX_EXPORT_ROWS + 1).toLocaleString('en')} by start begins at ${new Date(rows[MAX_EXPORT_ROWS]!.starts_at).toISOString()})`);
    }
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
    const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      const existing = new Map(
        (await findAssetsByCodesForUpdate(tx, boardId, parsed.rows.map((r) => r.code))).map((r) => [r.code, r]),
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
      const rows = await upsertAssets(tx, boardId, changed);
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
