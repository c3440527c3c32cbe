import type { AssetDto, JobKind } from '@schedhuler/shared';
import { addZonedDays, startOfZonedDay } from '../timeline/zone';

export interface AgendaBlock {
  id: string;
  assetId: string;
  start: number;
  end: number;
  name: string;
  kind: JobKind;
  conflicted: boolean;
}

export interface AgendaRow {
  asset: Pick<AssetDto, 'id' | 'code' | 'name' | 'kind'>;
  runs: AgendaBlock[];
}

/**
 * Today (the board zone's calendar day of `now`) per asset, for the phone's read-only agenda: the
 * runs that touch today, by start; assets in the board's order, those without a run left out
 * (a phone screen has no room for empty rows). `day` is the day's span, for the heading.
 */
export function todayAgenda(assets: readonly AgendaRow['asset'][], blocks: readonly AgendaBlock[], now: number, zone: string): { day: { start: number; end: number }; rows: AgendaRow[] } {
  const start = startOfZonedDay(now, zone);
  const end = addZonedDays(start, 1, zone);
  const byAsset = new Map<string, AgendaBlock[]>();
  for (const b of blocks) {
    if (b.start >= end || b.end <= start) continue;
    const list = byAsset.get(b.assetId) ?? [];
    list.push(b);
    byAsset.set(b.assetId, list);
  }
  const rows: AgendaRow[] = [];
  for (const asset of assets) {
    const runs = byAsset.get(asset.id);
    if (runs) rows.push({ asset, runs: runs.sort((a, b) => a.start - b.start || a.end - b.end) });
  }
  return { day: { start, end }, rows };
}
