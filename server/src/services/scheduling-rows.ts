import type { ConflictAttempt, ConflictDto, ConflictKind, ConflictResolution, JobDto, JobKind, OccurrenceDto, OccurrenceStatus, Priority, TourStopDefDto } from '@schedhuler/shared';
import { layoutVisits, stopsToDto, tourVisits, type StopDef, type TourDef } from '@schedhuler/shared/domain/tour-layout';

/** Raw rows of the scheduling tables (services use SQL for bulk work; these map them to the wire). */
export interface JobRow {
  id: string;
  board_id: string;
  kind: JobKind;
  name: string;
  description: string | null;
  asset_id: string;
  cron: string | null;
  timezone: string;
  valid_from: PgInstant;
  valid_to: PgInstant | null;
  starts_at: PgInstant | null;
  plan_duration_min: number;
  grace_before_min: number;
  grace_after_min: number;
  priority: Priority;
  enabled: boolean;
  break_min: number;
  frequency: number;
  randomize: boolean;
  version: number;
  natural_key: string;
  materialized_until: PgInstant | null;
  created_at: PgInstant;
  updated_at: PgInstant;
}

/** The columns of a job its occurrences show: name, kind and what lays out a tour's stops. */
export type JobLookRow = Pick<JobRow, 'id' | 'kind' | 'name' | 'plan_duration_min' | 'break_min' | 'frequency' | 'randomize'>;

export interface StopRow {
  job_id: string;
  seq: number;
  asset_id: string;
  gap_min: number;
  duration_min: number | null;
}

export interface OccurrenceRow {
  id: string;
  board_id: string;
  job_id: string;
  asset_id: string;
  planned_start: PgInstant;
  starts_at: PgInstant;
  ends_at: PgInstant;
  status: OccurrenceStatus;
  detached: boolean;
  version: number;
}

export interface ConflictRow {
  id: string;
  board_id: string;
  kind: ConflictKind;
  status: 'open' | 'resolved';
  asset_id: string;
  starts_at: PgInstant;
  ends_at: PgInstant;
  job_id: string | null;
  job_name: string | null;
  job_kind: string | null;
  occurrence_ids: string[];
  details: Record<string, unknown>;
  actor_id: string | null;
  actor_name: string | null;
  created_at: PgInstant;
  resolved_at: PgInstant | null;
  resolved_by_id: string | null;
  resolved_by_name: string | null;
  resolution: string | null;
}

/** The wire form plus what a board needs to draw a block without looking the job up. */
export interface OccurrenceView extends OccurrenceDto {
  jobName: string;
  kind: JobKind;
  plannedStart: string;
}

export interface ConflictView extends ConflictDto {
  boardId: string;
  status: 'open' | 'resolved';
  /** `rejected`: the attempt, the blocked windows and the hints given; `overlap`: the blocking occurrences. */
  details: Record<string, unknown>;
}

/** A timestamptz as returned by raw queries (`2026-11-26 22:44:39.015045+00`), or a Date. */
export type PgInstant = Date | string;

export function toMs(v: PgInstant | number): number {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  const ms = Date.parse(v.includes('T') ? v : v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (!Number.isFinite(ms)) throw new Error(`unparseable timestamp ${JSON.stringify(v)}`);
  return ms;
}
export const toDate = (v: PgInstant | number): Date => new Date(toMs(v));
export const iso = (v: PgInstant | number): string => new Date(toMs(v)).toISOString();
const isoOrNull = (v: PgInstant | null): string | null => (v === null ? null : iso(v));

/** A PostgreSQL array literal for `?::uuid[]` / `?::timestamptz[]` bindings (array bindings expand to lists). */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export const OCCURRENCE_COLUMNS = 'id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version';

export function stopRowToDto(s: StopRow): TourStopDefDto {
  return { seq: s.seq, assetId: s.asset_id, gapMin: s.gap_min, durationMin: s.duration_min };
}

export function toJobDto(j: JobRow, stops: readonly StopRow[]): JobDto {
  const dto: JobDto = {
    id: j.id,
    boardId: j.board_id,
    kind: j.kind,
    name: j.name,
    description: j.description ?? '',
    assetId: j.asset_id,
    cron: j.cron,
    timezone: j.timezone,
    validFrom: iso(j.valid_from),
    validTo: isoOrNull(j.valid_to),
    planDurationMin: j.plan_duration_min,
    graceBeforeMin: j.grace_before_min,
    graceAfterMin: j.grace_after_min,
    priority: j.priority,
    enabled: j.enabled,
    version: j.version,
    createdAt: iso(j.created_at),
    updatedAt: iso(j.updated_at),
  };
  const defs = [...stops].sort((a, b) => a.seq - b.seq).map(stopRowToDto);
  if (j.kind === 'task') dto.startsAt = isoOrNull(j.starts_at);
  if (j.kind === 'internal_tour') dto.checkpoints = defs;
  if (j.kind === 'external_tour') Object.assign(dto, { sites: defs, breakMin: j.break_min, frequency: j.frequency, randomize: j.randomize });
  return dto;
}

export function toStopDefs(stops: readonly StopRow[]): StopDef[] {
  return stops.map((s) => ({ seq: s.seq, assetId: s.asset_id, gapMin: s.gap_min, durationMin: s.duration_min }));
}

/** The pure layout input of a tour job, or null for a task. */
export function tourDefOf(j: Pick<JobRow, 'kind' | 'plan_duration_min' | 'break_min' | 'frequency' | 'randomize'>, stops: readonly StopRow[]): TourDef | null {
  if (j.kind === 'internal_tour') return { kind: 'internal_tour', planDurationMin: j.plan_duration_min, checkpoints: toStopDefs(stops) };
  if (j.kind === 'external_tour') {
    return { kind: 'external_tour', planDurationMin: j.plan_duration_min, sites: toStopDefs(stops), breakMin: j.break_min, frequency: j.frequency, randomize: j.randomize };
  }
  return null;
}

/**
 * Stops are derived, never stored: the visit order comes from the planned start (so a randomized
 * route keeps its order when the occurrence is dragged), the times from the actual start.
 */
export function layoutOccurrence(def: TourDef, plannedStartMs: number, startMs: number) {
  const breakMin = def.kind === 'external_tour' ? (def.breakMin ?? 0) : 0;
  return layoutVisits(tourVisits(def, plannedStartMs), startMs, def.planDurationMin, breakMin);
}

export function toOccurrenceView(o: OccurrenceRow, job: { name: string; kind: JobKind }, def: TourDef | null): OccurrenceView {
  const dto: OccurrenceView = {
    id: o.id,
    boardId: o.board_id,
    jobId: o.job_id,
    jobName: job.name,
    kind: job.kind,
    assetId: o.asset_id,
    plannedStart: iso(o.planned_start),
    startsAt: iso(o.starts_at),
    endsAt: iso(o.ends_at),
    status: o.status,
    version: o.version,
    detached: o.detached,
  };
  if (def) dto.stops = stopsToDto(layoutOccurrence(def, toMs(o.planned_start), toMs(o.starts_at)).stops);
  return dto;
}

export function toConflictView(r: ConflictRow): ConflictView {
  const resolution = (r.details.resolution as ConflictResolution | undefined) ?? (r.resolution ? { action: r.resolution as ConflictResolution['action'] } : null);
  return {
    id: r.id,
    boardId: r.board_id,
    kind: r.kind,
    status: r.status,
    assetId: r.asset_id,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    jobId: r.job_id,
    occurrenceIds: r.occurrence_ids,
    actor: r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
    createdAt: iso(r.created_at),
    resolvedAt: isoOrNull(r.resolved_at),
    resolvedBy: r.resolved_by_id ? { id: r.resolved_by_id, displayName: r.resolved_by_name ?? '' } : null,
    resolution,
    jobName: r.job_name,
    jobKind: (r.job_kind as JobKind | null) ?? null,
    attempt: r.kind === 'rejected' ? attemptOf(r.details.attempt) : null,
    suggested: r.kind === 'rejected' ? suggestedOf(r.details.hints) : null,
    details: r.details,
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The part of a stored attempt the desk needs to book it again; the raw attempt stays in `details`. */
function attemptOf(raw: unknown): ConflictAttempt | null {
  if (!raw || typeof raw !== 'object') return null;
  const a = raw as Record<string, unknown>;
  if (a.action !== 'create' && a.action !== 'edit' && a.action !== 'move') return null;
  const out: ConflictAttempt = { action: a.action };
  if (a.action === 'move' && typeof a.occurrenceId === 'string') out.occurrenceId = a.occurrenceId;
  if (a.action === 'create') {
    out.oneOff = a.kind === 'task' && !a.cron && typeof a.startsAt === 'string';
    if (typeof a.timezone === 'string') out.timezone = a.timezone;
    if (isInt(a.planDurationMin)) out.planDurationMin = a.planDurationMin;
    if (a.priority === 'low' || a.priority === 'medium' || a.priority === 'high') out.priority = a.priority;
    if (isInt(a.graceBeforeMin)) out.graceBeforeMin = a.graceBeforeMin;
    if (isInt(a.graceAfterMin)) out.graceAfterMin = a.graceAfterMin;
  }
  return out;
}

function suggestedOf(raw: unknown): { startsAt: string; endsAt: string } | null {
  const first = (raw as { nextFree?: { startsAt?: unknown; endsAt?: unknown }[] } | undefined)?.nextFree?.[0];
  return first && typeof first.startsAt === 'string' && typeof first.endsAt === 'string' ? { startsAt: first.startsAt, endsAt: first.endsAt } : null;
}
