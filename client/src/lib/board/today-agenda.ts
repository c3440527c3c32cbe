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

/** Runs of one asset the agenda shows before the dispatcher asks for more. */
export const AGENDA_SHOWN = 8;

/**
 * The runs of one asset (by start, as `todayAgenda` gives them) the phone's agenda shows at first:
 * all of them when there are at most `max`; else `max` from the first that is not over yet (the one
 * in progress, then what comes next), the window pulled back to the day's last `max` once fewer are
 * left. At a big depot an asset has a hundred runs a day: listed whole, 500 assets were 50,000 list
 * items, seconds to show on a phone, the run in progress behind sixty finished ones.
 */
export function agendaWindow(runs: readonly Pick<AgendaBlock, 'end'>[], now: number, max = AGENDA_SHOWN): { from: number; to: number } {
  if (runs.length <= max) return { from: 0, to: runs.length };
  let first = runs.findIndex((r) => r.end > now);
  if (first === -1) first = runs.length;
  const from = Math.min(first, runs.length - max);
  return { from, to: from + max };
}
