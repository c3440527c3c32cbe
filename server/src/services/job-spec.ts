import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { END_RANGE_MESSAGE, instantInRange, UNBOOKABLE_STATUSES, type AssetKind, type AssetStatus, type FieldIssue, type JobKind, type PatchJobBody, type Priority } from '@schedhuler/shared';
import { parseCron, validateTimezone, type CompiledCron } from '@schedhuler/shared/cron/index';
import { checkTourLength, type StopDef, type TourDef } from '@schedhuler/shared/domain/tour-layout';
import { AppError, validationFailed } from '../errors';
import { findBoardAssets } from '../repositories/asset.repository';
import { toDate, toStopDefs, type JobRow, type StopRow } from './scheduling-rows';

/** A job as the services work with it: validated, defaults applied, instants as Dates. */
export interface JobSpec {
  kind: JobKind;
  name: string;
  description: string | null;
  assetId: string;
  cron: string | null;
  timezone: string;
  validFrom: Date;
  validTo: Date | null;
  /** One-off tasks only. */
  startsAt: Date | null;
  planDurationMin: number;
  graceBeforeMin: number;
  graceAfterMin: number;
  priority: Priority;
  breakMin: number;
  frequency: number;
  randomize: boolean;
  /** Checkpoints (internal tour) or sites (external tour); empty for tasks. */
  stops: StopDef[];
}

export const stopsField = (kind: JobKind): 'checkpoints' | 'sites' => (kind === 'external_tour' ? 'sites' : 'checkpoints');

export function tourDefOfSpec(spec: JobSpec): TourDef | null {
  if (spec.kind === 'internal_tour') return { kind: 'internal_tour', planDurationMin: spec.planDurationMin, checkpoints: spec.stops };
  if (spec.kind === 'external_tour') {
    return { kind: 'external_tour', planDurationMin: spec.planDurationMin, sites: spec.stops, breakMin: spec.breakMin, frequency: spec.frequency, randomize: spec.randomize };
  }
  return null;
}

/** Engine messages name the cron part ("minute: 61 …", "day 30 of February …"); the API names the field too. */
export function withField(field: string, message: string): string {
  return message.toLowerCase().startsWith(field.toLowerCase()) ? message : `${field}: ${message}`;
}

/**
 * Rules that need no database: cron and zone (answered as `invalid_cron` / `invalid_timezone`, naming
 * the field), the validity range, the 24 h tour limit. Returns the compiled cron for the expansion.
 */
export function checkSpecRules(spec: JobSpec): CompiledCron | null {
  const zone = validateTimezone(spec.timezone);
  if (!zone.ok) throw new AppError('invalid_timezone', withField('timezone', zone.error.message), [{ path: 'timezone', message: zone.error.message }]);
  spec.timezone = zone.value;
  let compiled: CompiledCron | null = null;
  if (spec.cron !== null) {
    const parsed = parseCron(spec.cron, 'job');
    if (!parsed.ok) throw new AppError('invalid_cron', withField('cron', parsed.error.message), [{ path: 'cron', message: parsed.error.message }]);
    compiled = parsed.value;
  } else if (spec.kind !== 'task') {
    throw validationFailed([{ path: 'cron', message: 'tours need a cron' }]);
  } else if (spec.startsAt === null) {
    throw validationFailed([{ path: 'cron', message: 'give either cron (recurring) or startsAt (one-off)' }]);
  }
  // A one-off ends `planDurationMin` after its start (an edit may change either): the end must be storable too.
  if (spec.startsAt && !instantInRange(spec.startsAt.getTime() + spec.planDurationMin * 60_000)) {
    throw validationFailed([{ path: 'startsAt', message: `${END_RANGE_MESSAGE} (startsAt + planDurationMin)` }]);
  }
  if (spec.validTo && spec.validTo.getTime() <= spec.validFrom.getTime()) {
    throw validationFailed([{ path: 'validTo', message: `must be after validFrom (${spec.validFrom.toISOString()})` }]);
  }
  const def = tourDefOfSpec(spec);
  if (def) {
    if (spec.stops.length === 0) throw validationFailed([{ path: stopsField(spec.kind), message: `needs at least one ${spec.kind === 'external_tour' ? 'site' : 'checkpoint'}` }]);
    const length = checkTourLength(def);
    if (!length.ok) throw validationFailed([{ path: stopsField(spec.kind), message: length.message }]);
  }
  return compiled;
}

export interface AssetRow {
  id: string;
  code: string;
  kind: AssetKind;
  status: AssetStatus;
}

const PERFORMER_KINDS: readonly AssetKind[] = ['person', 'vehicle', 'equipment'];

/** Why `asset` cannot perform a job, or null when it can. */
export function performerProblem(asset: Pick<AssetRow, 'code' | 'kind' | 'status'>): string | null {
  if (!PERFORMER_KINDS.includes(asset.kind)) return `${asset.code} is a ${asset.kind}; a job is performed by a person, vehicle or equipment`;
  if (UNBOOKABLE_STATUSES.includes(asset.status)) return `${asset.code} is ${asset.status === 'scrapped' ? 'scrapped' : 'in maintenance'} and cannot be booked`;
  return null;
}

/** The ids whose assets `checkAssetRows` needs (performer and stops). */
export const assetIdsOf = (spec: JobSpec): string[] => [...new Set([spec.assetId, ...spec.stops.map((s) => s.assetId)])];

/**
 * The performing asset and every stop must be assets of this board (`rows` holds only this board's
 * assets, so one of another board is "not found", which leaks nothing), of the right kind, and the
 * performer bookable.
 */
export function checkAssetRows(spec: JobSpec, rows: readonly AssetRow[]): void {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues: FieldIssue[] = [];
  const performer = byId.get(spec.assetId);
  if (!performer) issues.push({ path: 'assetId', message: 'no such asset on this board' });
  else {
    const problem = performerProblem(performer);
    if (problem) issues.push({ path: 'assetId', message: problem });
  }
  const field = stopsField(spec.kind);
  const wanted: AssetKind = spec.kind === 'external_tour' ? 'site' : 'checkpoint';
  spec.stops.forEach((s, i) => {
    const a = byId.get(s.assetId);
    if (!a) issues.push({ path: `${field}.${i}.assetId`, message: 'no such asset on this board' });
    else if (a.kind !== wanted) issues.push({ path: `${field}.${i}.assetId`, message: `${a.code} is a ${a.kind}, not a ${wanted}` });
  });
  if (issues.length) throw validationFailed(issues);
}

export async function checkSpecAssets(em: EntityManager, boardId: string, spec: JobSpec): Promise<void> {
  const rows = await findBoardAssets(em, boardId, assetIdsOf(spec));
  checkAssetRows(spec, rows);
}

/**
 * docs/rules.md: a create whose natural key (board, kind, asset, name, cron, timezone, validFrom, validTo
 * or window) matches an enabled job returns that job. `validFrom` counts as given: a defaulted one
 * ("now") would make every retry look new.
 */
export function naturalKeyOf(spec: JobSpec, validFromGiven: string | null): string {
  const parts = [
    spec.kind,
    spec.assetId,
    spec.name,
    spec.cron,
    spec.timezone,
    validFromGiven,
    spec.validTo?.toISOString() ?? null,
    spec.startsAt?.toISOString() ?? null,
    spec.startsAt ? spec.planDurationMin : null,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Fields whose change alters when or where the job runs: only then are occurrences regenerated. */
export function scheduleChanged(a: JobSpec, b: JobSpec): boolean {
  const key = (s: JobSpec) =>
    JSON.stringify([
      s.assetId,
      s.cron,
      s.timezone,
      s.validFrom.getTime(),
      s.validTo?.getTime() ?? null,
      s.startsAt?.getTime() ?? null,
      s.planDurationMin,
      s.breakMin,
      s.frequency,
      s.randomize,
      [...s.stops].sort((x, y) => x.seq - y.seq).map((st) => [st.seq, st.assetId, st.gapMin, st.durationMin ?? null]),
    ]);
  return key(a) !== key(b);
}

/** The spec of a stored job (rows from `job` and `job_stop`). */
export function specOfRow(j: JobRow, stops: readonly StopRow[]): JobSpec {
  return {
    kind: j.kind,
    name: j.name,
    description: j.description,
    assetId: j.asset_id,
    cron: j.cron,
    timezone: j.timezone,
    validFrom: toDate(j.valid_from),
    validTo: j.valid_to === null ? null : toDate(j.valid_to),
    startsAt: j.starts_at === null ? null : toDate(j.starts_at),
    planDurationMin: j.plan_duration_min,
    graceBeforeMin: j.grace_before_min,
    graceAfterMin: j.grace_after_min,
    priority: j.priority,
    breakMin: j.break_min,
    frequency: j.frequency,
    randomize: j.randomize,
    stops: toStopDefs(stops),
  };
}

/** A PATCH body applied to the stored job: absent fields keep their value. Rules that need the stored kind live here. */
export function mergePatch(current: JobSpec, body: PatchJobBody): JobSpec {
  const kind = current.kind;
  if (body.kind !== undefined && body.kind !== kind) throw validationFailed([{ path: 'kind', message: `the kind of a job cannot change (this one is ${kind})` }]);
  const wrong: string[] = [];
  if (kind !== 'internal_tour' && body.checkpoints !== undefined) wrong.push('checkpoints');
  if (kind !== 'external_tour') for (const k of ['sites', 'breakMin', 'frequency', 'randomize'] as const) if (body[k] !== undefined) wrong.push(k);
  if (kind !== 'task' && body.startsAt != null) wrong.push('startsAt');
  if (kind !== 'task' && body.cron === null) throw validationFailed([{ path: 'cron', message: 'tours need a cron' }]);
  if (wrong.length) throw validationFailed(wrong.map((path) => ({ path, message: `a ${kind.replace('_', ' ')} has no ${path}` })));
  const next: JobSpec = { ...current, stops: [...current.stops] };
  if (body.name !== undefined) next.name = body.name;
  if (body.description !== undefined) next.description = body.description;
  if (body.assetId !== undefined) next.assetId = body.assetId;
  if (body.timezone !== undefined) next.timezone = body.timezone;
  if (body.validFrom !== undefined) next.validFrom = new Date(body.validFrom);
  if (body.validTo !== undefined) next.validTo = body.validTo === null ? null : new Date(body.validTo);
  if (body.planDurationMin !== undefined) next.planDurationMin = body.planDurationMin;
  if (body.graceBeforeMin !== undefined) next.graceBeforeMin = body.graceBeforeMin;
  if (body.graceAfterMin !== undefined) next.graceAfterMin = body.graceAfterMin;
  if (body.priority !== undefined) next.priority = body.priority;
  if (body.breakMin !== undefined) next.breakMin = body.breakMin;
  if (body.frequency !== undefined) next.frequency = body.frequency;
  if (body.randomize !== undefined) next.randomize = body.randomize;
  const stops = body.checkpoints ?? body.sites;
  if (stops) next.stops = stops.map((s) => ({ seq: s.seq, assetId: s.assetId, gapMin: s.gapMin, durationMin: s.durationMin ?? null }));
  // A task switches between recurring and one-off by giving the other one.
  if (body.cron !== undefined) {
    next.cron = body.cron;
    if (body.cron !== null && body.startsAt === undefined) next.startsAt = null;
  }
  if (body.startsAt !== undefined) {
    next.startsAt = body.startsAt === null ? null : new Date(body.startsAt);
    if (body.startsAt !== null && body.cron === undefined) next.cron = null;
  }
  return next;
}
