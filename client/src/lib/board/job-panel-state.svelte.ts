import type { JobKind, JobWithOccurrences } from '@schedhuler/shared';
import type { JobFormInit } from '../forms/job-form.svelte';
import type { BoardStore } from './board-store.svelte';

interface Host {
  store: Pick<BoardStore, 'canEdit' | 'jobs' | 'assetsById' | 'upsertJob' | 'upsertOccurrences'>;
  zone: () => string;
  clock: () => number;
  announce: (text: string) => void;
}

/** The job form beside the board: which job (or new kind) it edits, opened from a block, a row or "+ New". */
export class JobPanelState {
  panel = $state<{ key: number; init: JobFormInit; kind: JobKind } | null>(null);
  #seq = 0;
  readonly #host: Host;

  constructor(host: Host) {
    this.#host = host;
  }

  /** What the form edits, as others see it in their presence bar ("new task" before it is saved). */
  readonly editingKey = $derived(this.panel ? (this.panel.init.job?.id ?? `new ${this.panel.kind.replace('_', ' ')}`) : null);

  open(init: Omit<JobFormInit, 'zone' | 'now'>): void {
    const h = this.#host;
    if (!h.store.canEdit) {
      h.announce('You can view this board but not change it.');
      return;
    }
    const kind = init.job?.kind ?? init.kind ?? 'task';
    this.panel = { key: ++this.#seq, kind, init: { ...init, zone: h.zone(), now: h.clock() } };
  }

  openJob(jobId: string): void {
    const job = this.#host.store.jobs.get(jobId);
    if (job) this.open({ job });
  }

  /** A new task at a spot of a row (double-click or a dragged range); performers are preselected. */
  createAt(assetId: string, at: number, durationMin?: number): void {
    const kind = this.#host.store.assetsById.get(assetId)?.kind;
    const performer = kind === 'person' || kind === 'vehicle' || kind === 'equipment';
    this.open({ kind: 'task', startsAt: at, ...(durationMin ? { durationMin } : {}), ...(performer ? { assetId } : {}) });
  }

  saved(result: JobWithOccurrences, verb: 'created' | 'updated'): void {
    const { store, announce } = this.#host;
    store.upsertJob(result.job);
    store.upsertOccurrences(result.occurrences);
    this.panel = null;
    announce(`${result.job.name} ${verb}: ${result.occurrences.length} occurrence${result.occurrences.length === 1 ? '' : 's'} scheduled`);
  }

  deleted(jobId: string): void {
    this.panel = null;
    this.#host.announce(`${this.#host.store.jobs.get(jobId)?.name ?? 'Job'} deleted; its future occurrences are cancelled`);
  }

  setKind(kind: JobKind): void {
    if (this.panel) this.panel.kind = kind;
  }

  close(): void {
    this.panel = null;
  }
}
