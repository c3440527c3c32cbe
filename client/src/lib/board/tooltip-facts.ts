import type { AssetDto, OccurrenceDto } from '@schedhuler/shared';
import { formatHm, zonedFormatter } from '../timeline/zone';
import { JOB_KIND_LABEL } from './board-types';
import type { JobKind } from './board-types';

export interface TooltipFacts {
  name: string;
  kind: string;
  /** "Mon 22 Mar, 09:00–12:35" */
  when: string;
  asset: string;
  status: string;
  stops: { key: string; place: string; time: string }[];
  /** Who changed it last, when the board data says. */
  changedBy: string | null;
}

const STATUS_TEXT: Record<OccurrenceDto['status'], string> = { scheduled: 'Scheduled', conflicted: 'Double-booked', cancelled: 'Cancelled' };

/** Everything the rich tooltip of a block says, as plain strings (the component only lays them out). */
export function tooltipFacts(
  b: { name: string; kind: JobKind; start: number; end: number; conflicted: boolean; occ: OccurrenceDto & { updatedBy?: { displayName: string } | null } },
  asset: AssetDto | undefined,
  assetsById: ReadonlyMap<string, AssetDto>,
  zone: string,
  flag: string | null = null,
): TooltipFacts {
  const day = zonedFormatter(zone, { weekday: 'short', day: 'numeric', month: 'short' }, 'en-GB').format(b.start);
  const shift = b.start - Date.parse(b.occ.startsAt);
  const status = [b.conflicted ? STATUS_TEXT.conflicted : STATUS_TEXT[b.occ.status], flag].filter(Boolean).join(' · ');
  return {
    name: b.name,
    kind: JOB_KIND_LABEL[b.kind],
    when: `${day}, ${formatHm(b.start, zone)}–${formatHm(b.end, zone)}`,
    asset: asset ? `${asset.code} ${asset.name}` : 'Unknown asset',
    status,
    stops: (b.occ.stops ?? []).map((s) => ({
      key: String(s.seq),
      place: assetsById.get(s.assetId)?.name ?? 'Unknown stop',
      time: `${formatHm(Date.parse(s.startsAt) + shift, zone)}–${formatHm(Date.parse(s.endsAt) + shift, zone)}`,
    })),
    changedBy: b.occ.updatedBy?.displayName ?? null,
  };
}
