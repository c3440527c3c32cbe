import type { JobForm } from './job-form.svelte';
import { fromLocalInput } from './local-time';
import { freeSlotAfter, localConflicts, slotSuggestion } from './slot-suggestions';
import type { Booked, SlotSuggestion } from './slot-suggestions';

export interface JobSlotHelpDeps<T extends Booked> {
  form: Pick<JobForm, 'usesCron' | 'startsAt' | 'assetId' | 'planDurationMin' | 'durationMin' | 'preview' | 'cron' | 'editing'>;
  /** What is booked on the board now. */
  blocks: () => readonly T[];
  zone: () => string;
  /** The server's conflict marks per previewed run (null until known). */
  marks: () => ReadonlyMap<number, readonly unknown[]> | null;
}

/** The job form's help against double booking: the one-off's clashes and the next free slot to offer. */
export class JobSlotHelp<T extends Booked> {
  readonly #d: JobSlotHelpDeps<T>;

  constructor(deps: JobSlotHelpDeps<T>) {
    this.#d = deps;
  }

  readonly #ownJobId = $derived.by(() => this.#d.form.editing?.id ?? null);
  readonly oneOffStart = $derived.by(() => (this.#d.form.usesCron ? null : fromLocalInput(this.#d.form.startsAt, this.#d.zone())));

  /** Bookings a one-off at its chosen time would overlap. */
  readonly oneOffConflicts = $derived.by((): T[] => {
    const { form } = this.#d;
    const start = this.oneOffStart;
    return start !== null && form.assetId && form.planDurationMin ? localConflicts(this.#d.blocks(), form.assetId, start, start + form.planDurationMin * 60_000, this.#ownJobId) : [];
  });

  readonly suggestion = $derived.by((): SlotSuggestion | null => {
    const { form } = this.#d;
    if (!form.assetId || !form.durationMin) return null;
    const blocks = this.#d.blocks();
    if (!form.usesCron) {
      if (this.oneOffStart === null || this.oneOffConflicts.length === 0) return null;
      const slot = freeSlotAfter(blocks, form.assetId, this.oneOffStart, form.durationMin, this.#ownJobId);
      return slot ? { kind: 'startsAt', start: slot.start, end: slot.end } : null;
    }
    const marks = this.#d.marks();
    if (!form.preview?.ok || !marks) return null;
    const first = form.preview.dates.find((d) => (marks.get(d.epochMs)?.length ?? 0) > 0);
    if (!first) return null;
    return slotSuggestion(form.cron, blocks, form.assetId, first.epochMs, form.durationMin, this.#ownJobId, this.#d.zone());
  });
}
