import type { AssetDto, AssetKind } from '@schedhuler/shared';
import type { BoardSnapshot, ConflictDto, JobDto, JobKind, OccurrenceDto } from '../lib/board/board-types';
import { makeJob, makeOcc } from './factories';

const KINDS: AssetKind[] = ['person', 'vehicle', 'equipment', 'site', 'checkpoint'];
const JOB_KINDS: JobKind[] = ['task', 'internal_tour', 'external_tour'];
const M = 60_000;

export interface FixtureOptions {
  assets?: number;
  occurrences?: number;
  /** First instant of the range, ms. */
  from: number;
  days?: number;
  conflicts?: number;
  role?: 'viewer' | 'planner' | 'supervisor' | 'admin';
}

/** A deterministic board snapshot of any size, for component tests and the rendering benchmark. */
export function boardFixture(o: FixtureOptions): BoardSnapshot {
  const nAssets = o.assets ?? 20;
  const nOcc = o.occurrences ?? 100;
  const days = o.days ?? 1;
  const boardId = 'board-1';
  const assets: AssetDto[] = Array.from({ length: nAssets }, (_, i) => {
    const kind = KINDS[i % 5 === 4 ? 4 : i % 5 === 3 ? 3 : i % 3]!;
    return { id: `asset-${i}`, boardId, code: `${kind.slice(0, 1).toUpperCase()}-${String(i).padStart(3, '0')}`, name: `${kind} ${i}`, kind, status: i % 37 === 5 ? 'maintenance' : 'working', version: 1 };
  });
  const workers = assets.filter((a) => a.kind === 'person' || a.kind === 'vehicle' || a.kind === 'equipment');
  const jobs: JobDto[] = JOB_KINDS.flatMap((kind, k) =>
    Array.from({ length: 10 }, (_, i) =>
      makeJob({
        id: `job-${kind}-${i}`,
        kind,
        name: `${kind === 'task' ? 'Task' : kind === 'internal_tour' ? 'Patrol' : 'Route'} ${k * 10 + i}`,
        assetId: workers[i % Math.max(1, workers.length)]?.id ?? 'asset-0',
      }),
    ),
  );
  const perAsset = Math.ceil(nOcc / Math.max(1, workers.length));
  const slot = Math.floor((days * 24 * 60) / Math.max(1, perAsset));
  const occurrences: OccurrenceDto[] = [];
  for (let i = 0; i < nOcc; i++) {
    const asset = workers[i % workers.length]!;
    const n = Math.floor(i / workers.length);
    const start = o.from + (n * slot + (i % 3) * 5) * M;
    const dur = Math.max(15, Math.min(slot - 10, 30 + (i % 4) * 15));
    const job = jobs[i % jobs.length]!;
    const stops = job.kind === 'task' ? undefined : [0, 1, 2].map((s) => ({ seq: s + 1, assetId: assets[(i + s) % nAssets]!.id, startsAt: new Date(start + (s * dur) / 3 * M).toISOString(), endsAt: new Date(start + ((s + 1) * dur) / 3 * M).toISOString() }));
    occurrences.push(makeOcc({ id: `occ-${i}`, jobId: job.id, assetId: asset.id, startsAt: new Date(start).toISOString(), endsAt: new Date(start + dur * M).toISOString(), ...(stops ? { stops } : {}) }));
  }
  const conflicts: ConflictDto[] = [];
  for (let c = 0; c < (o.conflicts ?? 0) && c < occurrences.length; c++) {
    const a = occurrences[c]!;
    const twin: OccurrenceDto = { ...a, id: `occ-conflict-${c}`, jobId: jobs[(c + 1) % jobs.length]!.id, status: 'conflicted', startsAt: new Date(Date.parse(a.startsAt) + 10 * M).toISOString(), endsAt: new Date(Date.parse(a.endsAt) + 10 * M).toISOString() };
    occurrences.push(twin);
    conflicts.push({ id: `conflict-${c}`, kind: 'overlap', assetId: a.assetId, startsAt: twin.startsAt, endsAt: a.endsAt, jobId: twin.jobId, occurrenceIds: [a.id, twin.id], actor: { id: 'u2', displayName: 'Ben Planner' }, createdAt: new Date(o.from).toISOString() });
  }
  return {
    board: { id: boardId, name: 'Demo depot', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 0 },
    role: o.role ?? 'planner',
    assets,
    jobs,
    occurrences,
    conflicts,
    seq: 0,
  };
}
