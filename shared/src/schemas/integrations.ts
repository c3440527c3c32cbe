import { z } from 'zod';
import { isoInstantField } from './instant';
import { uuidField } from './job';
import { whenValid } from './text';

/** `POST /api/boards/:boardId/feeds`: a personal iCal feed of the board, optionally of some assets only. */
export const createFeedBody = z
  .object({
    assetIds: z
      .array(uuidField, { error: 'must be a list of asset ids' })
      .min(1, 'must name at least one asset (leave it out for every asset)')
      .max(200, 'must name at most 200 assets')
      .optional(),
  })
  .strict();
export type CreateFeedBody = z.infer<typeof createFeedBody>;

export interface FeedDto {
  id: string;
  boardId: string;
  /** null: every asset of the board. */
  assetIds: string[] | null;
  createdAt: string;
}

/** The answer to a create: the only time the secret URL is shown (the server keeps just its hash). */
export interface CreatedFeedDto extends FeedDto {
  url: string;
}

/** `GET /api/boards/:boardId/occurrences.csv?from=&to=`: both required, at most 93 days apart. */
export const occurrencesCsvQuery = z
  .object({ from: isoInstantField, to: isoInstantField })
  .strict()
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from', ...whenValid('from', 'to') })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 93 * 86_400_000, { path: ['to'], message: 'range must be at most 93 days', ...whenValid('from', 'to') });
export type OccurrencesCsvQuery = z.infer<typeof occurrencesCsvQuery>;

/** Columns of the asset import and export, in export order; `status` may be left out of an import. */
export const ASSET_CSV_COLUMNS = ['code', 'name', 'kind', 'status'] as const;
export type AssetCsvColumn = (typeof ASSET_CSV_COLUMNS)[number];

/** One problem of a CSV import: 1-based line and column of the file, and the column's name when known. */
export interface CsvIssue {
  line: number;
  column: number;
  field?: string;
  message: string;
}

export interface AssetImportResult {
  created: number;
  updated: number;
  /** Rows whose asset already had exactly these values (no new version, no event). */
  unchanged: number;
}
