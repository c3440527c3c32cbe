import { createTaskBody, createTourBody, maxTourDurationMin, patchJobBody, previewSchedule, toFieldIssues } from '@schedhuler/shared';
import type { JobDto, JobKind, JobWithOccurrences, Priority, TourDef } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import type { ConflictAnswer } from '../board/board-types';
import { toIso } from '../board/board-data';
import { fromLocalInput, toLocalInput } from './local-time';
import { friendlyIssues, friendlyMessage } from './friendly-messages';

export interface StopRow {
  key: string;
  assetId: string;
  gapMin: number | null;
  durationMin: number | null;
}

export interface JobFormInit {
  zone: string;
  now: number;
  job?: JobDto;
  kind?: JobKind;
  assetId?: string;
  startsAt?: number;
  /** Preset duration, e.g. from a range selected on the board. */
  durationMin?: number;
}

export type SubmitOutcome =
  | { ok: true; result: JobWithOccurrences }
  | { ok: false; reason: 'invalid' | 'error' | 'stale' }
  | { ok: false; reason: 'conflict'; conflict: ConflictAnswer; message: string };

function isZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

let stopKeys = 0;
const newKey = () => `stop-${++stopKeys}`;

function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Everything a task or tour form holds, its request body, and its field errors (client and server). */
export class JobForm {
  readonly zone: string;
  readonly editing: JobDto | null;
  readonly now: number;

  kind = $state<JobKind>('task');
  name = $state('');
  description = $state('');
  assetId = $state('');
  recurring = $state(true);
  cron = $state('0 8 * * 1-5');
  timezone = $state('');
  validFrom = $state('');
  validTo = $state('');
  startsAt = $state('');
  planDurationMin = $state<number | null>(60);
  graceBeforeMin = $state<number | null>(0);
  graceAfterMin = $state<number | null>(0);
  priority = $state<Priority>('medium');
  stops = $state<StopRow[]>([]);
  breakMin = $state<number | null>(0);
  frequency = $state<number | null>(1);
  randomize = $state(false);
  allowConflict = $state(false);

  submitting = $state(false);
  submitted = $state(false);
  touched = $state<Record<string, boolean>>({});
  serverErrors = $state<Record<string, string>>({});
  formError = $state<string | null>(null);

  #idempotencyKey = '';
  #idempotencyBody = '';

  constructor(init: JobFormInit) {
    this.zone = init.zone;
    this.now = init.now;
    this.editing = init.job ?? null;
    this.timezone = init.zone;
    this.validFrom = toLocalInput(init.now, init.zone);
    const job = init.job;
    if (job) {
      this.kind = job.kind;
      this.name = job.name;
      this.description = job.description ?? '';
      this.assetId = job.assetId;
      this.recurring = job.cron !== null;
      this.cron = job.cron ?? '0 8 * * 1-5';
      this.timezone = job.timezone;
      this.validFrom = toLocalInput(Date.parse(job.validFrom), job.timezone);
      this.validTo = job.validTo ? toLocalInput(Date.parse(job.validTo), job.timezone) : '';
      this.startsAt = job.startsAt ? toLocalInput(Date.parse(job.startsAt), job.timezone) : '';
      this.planDurationMin = job.planDurationMin;
      this.graceBeforeMin = job.graceBeforeMin;
      this.graceAfterMin = job.graceAfterMin;
      this.priority = job.priority;
      this.stops = (job.checkpoints ?? job.sites ?? []).map((s) => ({ key: newKey(), assetId: s.assetId, gapMin: s.gapMin, durationMin: s.durationMin }));
      this.breakMin = job.breakMin ?? 0;
      this.frequency = job.frequency ?? 1;
      this.randomize = job.randomize ?? false;
    } else {
      this.kind = init.kind ?? 'task';
      this.assetId = init.assetId ?? '';
      if (init.durationMin) this.planDurationMin = Math.round(init.durationMin);
      if (init.startsAt !== undefined) {
        this.recurring = false;
        this.startsAt = toLocalInput(init.startsAt, init.zone);
      }
    }
  }

  readonly isTour = $derived(this.kind !== 'task');
  readonly usesCron = $derived(this.isTour || this.recurring);
  readonly stopsField = $derived(this.kind === 'internal_tour' ? 'checkpoints' : 'sites');

  #iso(local: string): string | null {
    // While the zone field holds garbage, read times in the board's zone; the zone field shows its own error.
    const t = fromLocalInput(local, isZone(this.timezone) ? this.timezone : this.zone);
    return t === null ? null : toIso(t);
  }

  /** What a local field holds when it cannot be read: sent as-is so the schema names the field. */
  #isoOrRaw(local: string): string {
    return this.#iso(local) ?? local;
  }

  readonly body = $derived.by((): Record<string, unknown> => {
    const common: Record<string, unknown> = {
      name: this.name,
      description: this.description,
      assetId: this.assetId,
      timezone: this.timezone,
      planDurationMin: this.planDurationMin,
      graceBeforeMin: this.graceBeforeMin,
      graceAfterMin: this.graceAfterMin,
      priority: this.priority,
      allowConflict: this.allowConflict,
      validTo: this.validTo.trim() ? this.#isoOrRaw(this.validTo) : null,
    };
    if (this.kind === 'task') {
      return this.recurring
        ? { ...common, cron: this.cron, validFrom: this.#isoOrRaw(this.validFrom), startsAt: null }
        : { ...common, cron: null, startsAt: this.#isoOrRaw(this.startsAt) };
    }
    const stops = this.stops.map((s, i) => ({ seq: i + 1, assetId: s.assetId, gapMin: s.gapMin, durationMin: s.durationMin }));
    const tour = { ...common, kind: this.kind, cron: this.cron, validFrom: this.#isoOrRaw(this.validFrom) };
    return this.kind === 'internal_tour'
      ? { ...tour, checkpoints: stops }
      : { ...tour, sites: stops, breakMin: this.breakMin, frequency: this.frequency, randomize: this.randomize };
  });

  /** Where the preview starts: "Valid from" when it is set and later than now (a job starting next month previews next month). */
  readonly previewFrom = $derived.by((): number => {
    const from = this.usesCron && this.validFrom.trim() ? fromLocalInput(this.validFrom, isZone(this.timezone) ? this.timezone : this.zone) : null;
    return from !== null && from > this.now ? from : this.now;
  });

  /** Schedule preview computed in the browser by the shared engine, on every keystroke. */
  readonly preview = $derived.by(() => (this.usesCron ? previewSchedule({ cron: this.cron, timezone: this.timezone, count: 10, from: this.previewFrom, mode: 'job' }) : null));

  readonly issues = $derived.by((): Record<string, string> => {
    const body = this.editing ? { ...this.body, expectedVersion: this.editing.version } : this.body;
    const schema = this.editing ? patchJobBody : this.kind === 'task' ? createTaskBody : createTourBody;
    const parsed = schema.safeParse(body);
    const out: Record<string, string> = {};
    if (!parsed.success) for (const i of toFieldIssues(parsed.error.issues)) out[i.path] ??= friendlyMessage(i.path, i.message);
    // The engine's messages are more precise than the schema's for cron and zone.
    if (this.preview && !this.preview.ok) out[this.preview.error.field] = this.preview.error.message;
    return out;
  });

  readonly valid = $derived(Object.keys(this.issues).length === 0);

  /** How long one occurrence lasts: the tour's whole walk, or the task's duration. */
  readonly durationMin = $derived.by((): number | null => {
    if (!this.isTour) return this.planDurationMin;
    if (this.stops.length === 0 || this.planDurationMin === null || this.stops.some((s) => s.gapMin === null)) return null;
    const stops = this.stops.map((s, i) => ({ seq: i + 1, assetId: s.assetId, gapMin: s.gapMin ?? 0, durationMin: s.durationMin }));
    const def: TourDef =
      this.kind === 'internal_tour'
        ? { kind: 'internal_tour', planDurationMin: this.planDurationMin, checkpoints: stops }
        : { kind: 'external_tour', planDurationMin: this.planDurationMin, sites: stops, breakMin: this.breakMin ?? 0, frequency: this.frequency ?? 1, randomize: this.randomize };
    return maxTourDurationMin(def);
  });

  /** The message to show under a field: the server's, or the client's once the field was left or the form submitted. */
  errorFor(path: string): string | null {
    const server = this.serverErrors[path];
    if (server) return server;
    if (!this.touched[path] && !this.submitted) return null;
    return this.issues[path] ?? null;
  }

  touch(path: string): void {
    if (!this.touched[path]) this.touched = { ...this.touched, [path]: true };
    if (this.serverErrors[path]) {
      const { [path]: _drop, ...rest } = this.serverErrors;
      this.serverErrors = rest;
    }
  }

  addStop(assetId = ''): void {
    this.stops = [...this.stops, { key: newKey(), assetId, gapMin: 0, durationMin: null }];
  }

  removeStop(index: number): void {
    this.stops = this.stops.filter((_, i) => i !== index);
  }

  moveStop(from: number, to: number): void {
    if (to < 0 || to >= this.stops.length || from === to) return;
    const next = [...this.stops];
    const [row] = next.splice(from, 1);
    next.splice(to, 0, row!);
    this.stops = next;
  }

  /** Creates or updates the job. POSTs carry an idempotency key reused for retries of the same body. */
  async submit(boardId: string): Promise<SubmitOutcome> {
    this.submitted = true;
    this.formError = null;
    this.serverErrors = {};
    if (!this.valid) return { ok: false, reason: 'invalid' };
    this.submitting = true;
    try {
      return { ok: true, result: await this.#send(boardId) };
    } catch (e) {
      return this.#failure(e);
    } finally {
      this.submitting = false;
    }
  }

  async #send(boardId: string): Promise<JobWithOccurrences> {
    if (this.editing) {
      return api.patch<JobWithOccurrences>(`/api/jobs/${encodeURIComponent(this.editing.id)}`, { ...this.body, expectedVersion: this.editing.version });
    }
    const path = `/api/boards/${encodeURIComponent(boardId)}/${this.kind === 'task' ? 'tasks' : 'tours'}`;
    const text = JSON.stringify(this.body);
    if (text !== this.#idempotencyBody) {
      this.#idempotencyBody = text;
      this.#idempotencyKey = newIdempotencyKey();
    }
    const headers = { 'Idempotency-Key': this.#idempotencyKey };
    // A lost connection must not lose the edit: retry with the same key, the server replays or creates once.
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.post<JobWithOccurrences>(path, this.body, { headers });
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'network_error') || attempt >= 2) throw e;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  }

  #failure(e: unknown): SubmitOutcome {
    if (!(e instanceof ApiError)) {
      this.formError = 'Saving failed. Try again.';
      return { ok: false, reason: 'error' };
    }
    if (e.code === 'conflict') {
      this.formError = e.message;
      return { ok: false, reason: 'conflict', conflict: e.body ?? {}, message: e.message };
    }
    if (e.code === 'stale_version') {
      this.formError = 'Someone else saved this job meanwhile. Close the form and open it again to edit their version.';
      return { ok: false, reason: 'stale' };
    }
    if (e.code === 'invalid_cron') this.serverErrors = { cron: e.message };
    else if (e.code === 'invalid_timezone') this.serverErrors = { timezone: e.message };
    else this.serverErrors = friendlyIssues(e.fieldIssues());
    this.formError = Object.keys(this.serverErrors).length ? 'Some fields need attention.' : e.code === 'network_error' ? `${e.message} Your form is kept; save again when you are back online.` : e.message;
    return { ok: false, reason: 'error' };
  }
}
