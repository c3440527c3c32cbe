import type { AssetDto } from '@schedhuler/shared';
import { ApiError } from '../api';
import type { Placement } from '../timeline/drag-maths';
import { formatHm } from '../timeline/zone';
import type { ConflictAnswer, OccurrenceDto } from './board-types';

export interface MoveSuggestion {
  label: string;
  placement: Placement;
}

/** What to tell the planner after a rejected move, and one-click alternatives from the server's hints. */
export interface MoveFeedback {
  message: string;
  suggestions: MoveSuggestion[];
}

interface Context {
  occurrence: OccurrenceDto;
  placement: Placement;
  assetsById: ReadonlyMap<string, AssetDto>;
  zone: string;
}

const span = (start: number, end: number, zone: string) => `${formatHm(start, zone)}–${formatHm(end, zone)}`;

export function explainMoveFailure(e: unknown, ctx: Context): MoveFeedback {
  if (!(e instanceof ApiError)) return { message: 'The move failed. Try again.', suggestions: [] };
  const assetName = (id: string) => ctx.assetsById.get(id)?.name ?? 'This asset';
  if (e.code === 'stale_version') {
    return { message: 'Someone changed this occurrence in the meantime. The board now shows their version; try again.', suggestions: [] };
  }
  if (e.code === 'conflict') {
    const body = (e.body ?? {}) as ConflictAnswer;
    const blocking = body.conflicts?.find((c) => c.blocking)?.blocking;
    const target = assetName(ctx.placement.assetId);
    const what = blocking ? `${target} is booked by ${blocking.jobName} (${span(Date.parse(blocking.startsAt), Date.parse(blocking.endsAt), ctx.zone)})` : `${target} is already booked then`;
    const suggestions: MoveSuggestion[] = [];
    const free = body.hints?.nextFree?.[0];
    let message = `${what}.`;
    if (free) {
      const start = Date.parse(free.startsAt);
      const end = Date.parse(free.endsAt);
      message = `${what}. ${target} is free ${span(start, end, ctx.zone)} — move there?`;
      suggestions.push({ label: `Move to ${span(start, end, ctx.zone)}`, placement: { assetId: ctx.placement.assetId, start, end } });
    }
    for (const a of body.hints?.freeAssets?.slice(0, 3) ?? []) {
      suggestions.push({ label: `Use ${a.name}`, placement: { ...ctx.placement, assetId: a.id } });
    }
    if (!free && suggestions.length > 0) message = `${what}. ${suggestions.map((s) => s.label.replace(/^Use /, '')).join(', ')} ${suggestions.length === 1 ? 'is' : 'are'} free then.`;
    return { message, suggestions };
  }
  if (e.code === 'forbidden') return { message: 'Your role on this board cannot move occurrences.', suggestions: [] };
  if (e.code === 'not_found') return { message: 'This occurrence was deleted in the meantime.', suggestions: [] };
  if (e.code === 'validation_failed') return { message: `The server refused the move: ${e.message}`, suggestions: [] };
  return { message: e.message || 'The move failed. Try again.', suggestions: [] };
}
