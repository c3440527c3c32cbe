import type { WorkingHours } from '@schedhuler/shared';
import { workingSpans } from '@schedhuler/shared/domain/working-hours';

export interface Span {
  start: number;
  end: number;
}

/**
 * The stretches of [range.start, range.end) outside the working hours (nights, weekends, days off),
 * for the shading layer: the complement of the board's working spans, so shading and utilisation
 * agree, DST included. A handful of spans per day at most.
 */
export function offHours(range: Span, hours: WorkingHours, zone: string): Span[] {
  const out: Span[] = [];
  let from = range.start;
  for (const w of workingSpans(range, hours, zone)) {
    if (w.start > from) out.push({ start: from, end: w.start });
    from = Math.max(from, w.end);
  }
  if (range.end > from) out.push({ start: from, end: range.end });
  return out;
}
