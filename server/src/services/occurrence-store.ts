import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobKind } from '@schedhuler/shared';
import type { TourDef } from '@schedhuler/shared/domain/tour-layout';
import { findJobsByIds, findStopsOf } from '../repositories/job.repository';
import {
  toOccurrenceView,
  tourDefOf,
  type JobLookRow,
  type OccurrenceRow,
  type OccurrenceView,
  type StopRow,
} from './scheduling-rows';

/** What an occurrence view needs from its job. */
export interface JobLook {
  name: string;
  kind: JobKind;
  def: TourDef | null;
}

export function jobLook(job: JobLookRow, stops: readonly StopRow[]): JobLook {
  return { name: job.name, kind: job.kind, def: tourDefOf(job, stops) };
}

export async function loadStops(em: EntityManager, jobIds: readonly string[]): Promise<Map<string, StopRow[]>> {
  const out = new Map<string, StopRow[]>();
  const rows = await findStopsOf(em, jobIds);
  for (const r of rows) out.set(r.job_id, [...(out.get(r.job_id) ?? []), r]);
  return out;
}

/** Views (with derived tour stops) for occurrences of any jobs: two queries whatever the count. */
export async function loadViews(em: EntityManager, rows: readonly OccurrenceRow[], known?: Map<string, JobLook>): Promise<OccurrenceView[]> {
  const looks = new Map(known ?? []);
  const missing = [...new Set(rows.map((r) => r.job_id))].filter((id) => !looks.has(id));
  if (missing.length) {
    const jobs = await findJobsByIds(em, missing);
    const stops = await loadStops(em, jobs.filter((j) => j.kind !== 'task').map((j) => j.id));
    for (const j of jobs) looks.set(j.id, jobLook(j, stops.get(j.id) ?? []));
  }
  const views: OccurrenceView[] = [];
  const slices = new LayoutSlices();
  for (const r of rows) {
    const look = looks.get(r.job_id)!;
    const view = toOccurrenceView(r, look, look.def);
    views.push(view);
    if (slices.count(view.stops?.length ?? 0)) await slices.pause();
  }
  return views;
}

/** About 5 ms of layout on this machine's slowest measured case (479-site walks × 3). */
const STOPS_PER_SLICE = 2_000;

/**
 * A long tour (hundreds of sites, several walks) lays out thousands of stops per occurrence: a loop
 * over occurrences counts rows and stops here and gives the event loop back every STOPS_PER_SLICE
 * of them, so no request holds it for more than a few ms. `count` is synchronous so the common
 * case (no pause due) costs no await.
 */
export class LayoutSlices {
  private since = 0;

  /** Counts one occurrence with `stops` laid-out stops; true when a pause is due. */
  count(stops: number): boolean {
    this.since += 1 + stops;
    if (this.since < STOPS_PER_SLICE) return false;
    this.since = 0;
    return true;
  }

  pause(): Promise<void> {
    return new Promise<void>((resolve) => setImmediate(resolve));
  }
}
