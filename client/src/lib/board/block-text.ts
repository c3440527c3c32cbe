import type { AssetDto } from '@schedhuler/shared';
import { formatHm } from '../timeline/zone';
import type { TimelineBlock } from './board-store.svelte';
import { JOB_KIND_LABEL } from './board-types';

/**
 * The accessible name of a block: everything a sighted planner reads off it. It starts with the
 * block's visible text, name then times ("Retail route 09:00–12:35"), so a speech user can say what
 * they see (WCAG 2.5.3 Label in Name); kind and asset follow.
 */
export function blockLabel(b: TimelineBlock, asset: AssetDto | undefined, zone: string, start = b.start, end = b.end): string {
  const parts = [`${b.name} ${formatHm(start, zone)}–${formatHm(end, zone)}`, JOB_KIND_LABEL[b.kind], asset ? `${asset.code} ${asset.name}` : null];
  if (b.conflicted) parts.push('conflicted');
  if (b.pending) parts.push('saving');
  return parts.filter(Boolean).join(', ');
}

/** Tooltip with the tour's stops, one per line. */
export function blockTooltip(b: TimelineBlock, assetsById: ReadonlyMap<string, AssetDto>, zone: string): string {
  const head = `${b.name} · ${formatHm(b.start, zone)}–${formatHm(b.end, zone)}${b.conflicted ? ' · CONFLICT' : ''}`;
  const stops = b.occ.stops ?? [];
  if (stops.length === 0) return head;
  const lines = stops.map((s, i) => {
    const name = assetsById.get(s.assetId)?.name ?? 'Unknown stop';
    return `${i + 1}. ${name} ${formatHm(Date.parse(s.startsAt), zone)}–${formatHm(Date.parse(s.endsAt), zone)}`;
  });
  return [head, ...lines].join('\n');
}
