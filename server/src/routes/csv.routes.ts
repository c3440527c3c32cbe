import { Hono, type Context } from 'hono';
import { occurrencesCsvQuery } from '@schedhuler/shared';
import { readCsv, readQuery } from '../http/body';
import type { AppEnv } from '../http/types';
import type { CsvService } from '../services/csv.service';

function csvFile(c: Context<AppEnv>, text: string, filename: string) {
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(text, 200, { 'Content-Type': 'text/csv; charset=utf-8; header=present' });
}

/** Spreadsheet export of assets and occurrences, import of assets (`text/csv`). */
export function csvRoutes(csv: CsvService) {
  const r = new Hono<AppEnv>();
  r.get('/boards/:boardId/assets.csv', async (c) => csvFile(c, await csv.exportAssets(c.var.ctx, c.req.param('boardId')), 'assets.csv'));
  r.get('/boards/:boardId/occurrences.csv', async (c) => {
    const q = readQuery(c, occurrencesCsvQuery);
    return csvFile(c, await csv.exportOccurrences(c.var.ctx, c.req.param('boardId'), q), 'occurrences.csv');
  });
  r.post('/boards/:boardId/assets/import', async (c) => c.json(await csv.importAssets(c.var.ctx, c.req.param('boardId'), await readCsv(c))));
  return r;
}
