import type { Placement } from '../timeline/drag-maths';
import type { JobDto, JobKind, OccurrenceDto } from './board-types';

/** One occurrence as the timeline draws it: times read once, job facts joined in. Never mutated. */
export interface TimelineBlock {
  id: string;
  assetId: string;
  start: number;
  end: number;
  occ: OccurrenceDto;
  kind: JobKind;
  name: string;
  conflicted: boolean;
  /** Moved optimistically, the server has not answered yet. */
  pending: boolean;
}

/**
 * The name and kind an occurrence is drawn with: its job's (a rename reaches the job map live), else
 * the occurrence's own, which the server sends on every occurrence. Only enabled jobs come with a
 * snapshot, and deleting a job keeps its runs that had started, so after a reload those runs have no
 * job in the map and are still shown by their name, as a tour when they were one.
 */
export function jobLookOf(occ: OccurrenceDto & { jobName?: string | null; kind?: JobKind | null }, job: JobDto | undefined): { name: string; kind: JobKind } {
  return { name: job?.name ?? occ.jobName ?? 'Untitled job', kind: job?.kind ?? occ.kind ?? 'task' };
}

/** An occurrence's instants in epoch ms, when already known (the range cache read them at decode). */
export type InstantsOf = (occ: OccurrenceDto) => { start: number; end: number } | undefined;

/** The blocks in the occurrences' order, and by id. */
export interface Blocks {
  readonly list: readonly TimelineBlock[];
  readonly byId: ReadonlyMap<string, TimelineBlock>;
}

/**
 * Builds the drawn blocks from the shown occurrences, the jobs and the optimistic placements. A block
 * whose occurrence and job are the same objects as last time, and which has no placement either
 * time, is the same object as last time: a live event at 50,000 occurrences allocates one block, not
 * 50,000, and what is keyed by block identity downstream stays put.
 */
export class BlockBuilder {
  #byId: ReadonlyMap<string, TimelineBlock> = new Map();
  #jobs: ReadonlyMap<string, JobDto> = new Map();

  build(occurrences: ReadonlyMap<string, OccurrenceDto>, jobs: ReadonlyMap<string, JobDto>, overrides: ReadonlyMap<string, Placement>, instantsOf: InstantsOf): Blocks {
    const list: TimelineBlock[] = [];
    const byId = new Map<string, TimelineBlock>();
    const before = this.#byId;
    const jobsBefore = this.#jobs;
    for (const occ of occurrences.values()) {
      if (occ.status === 'cancelled') continue;
      const job = jobs.get(occ.jobId);
      const o = overrides.get(occ.id);
      const prev = before.get(occ.id);
      let block: TimelineBlock;
      if (o === undefined && prev !== undefined && prev.occ === occ && !prev.pending && (jobs === jobsBefore || jobsBefore.get(occ.jobId) === job)) {
        block = prev;
      } else {
        const at = o === undefined ? instantsOf(occ) : undefined;
        const look = jobLookOf(occ, job);
        block = {
          id: occ.id,
          assetId: o?.assetId ?? occ.assetId,
          start: o?.start ?? at?.start ?? Date.parse(occ.startsAt),
          end: o?.end ?? at?.end ?? Date.parse(occ.endsAt),
          occ,
          kind: look.kind,
          name: look.name,
          // The status alone says it: a conflict record also names occurrences that are not double-booked
          // (the blocker of a rejected attempt, the booked side of an overlap); the feed highlights those on hover.
          conflicted: occ.status === 'conflicted',
          pending: o !== undefined,
        };
      }
      byId.set(occ.id, block);
      list.push(block);
    }
    this.#byId = byId;
    this.#jobs = jobs;
    return { list, byId };
  }
}
