/**
 * The compact encoding of a board snapshot (`GET /api/boards/:boardId?encoding=compact`, issue 13.1).
 * The board, assets, jobs and conflicts are as in the default answer (a few hundred rows); the
 * occurrences, tens of thousands of them, become columns in the default answer's order: one array
 * per field, strings that repeat (assets, jobs with their name and kind, actors) as indexes into
 * dictionaries, instants as epoch minutes. `decodeSnapshot` (domain/snapshot-codec.ts) gives back the
 * default answer exactly.
 */
import { z } from 'zod';
import { ROLES } from './common';
import { JOB_KINDS } from './job';
import { assetDto, boardDto, conflictDto, jobDto } from './responses';

const int = z.number().int();
/** A count of minutes; fractional only for an instant that is not on a whole minute (ms precision kept). */
const minutes = z.number();

export { COMPACT_STATUSES } from '../domain/compact-statuses';

/** A stop of a tour occurrence: [seq, asset index, start − occurrence start (min), end − start (min)]. */
const compactStop = z.tuple([int, int, minutes, minutes]);

export const compactOccurrences = z.object({
  /** Occurrence ids. Every column has this length; row i of each column is occurrence i. */
  id: z.array(z.string()),
  /** Index into `dict.assets`. */
  a: z.array(int),
  /** Index into `dict.jobs`. */
  j: z.array(int),
  /** Start in epoch minutes, as the difference to the previous row's start (row 0: to 0). */
  s: z.array(minutes),
  /** End − start, minutes. */
  d: z.array(minutes),
  /** Planned start − start, minutes; null when the occurrence carries no `plannedStart`. */
  p: z.array(minutes.nullable()),
  /** Index into COMPACT_STATUSES. */
  st: z.array(int),
  v: z.array(int),
  /** Detached: 1 or 0. */
  x: z.array(z.union([z.literal(0), z.literal(1)])),
  /** updatedBy: index into `dict.actors`; −1 for null, −2 when the occurrence has no `updatedBy`. */
  u: z.array(int),
  /** Stops of the rows that have them (tours), by row index; a row not listed has no `stops`. */
  stops: z.record(z.string(), z.array(compactStop)),
});

export const compactSnapshot = z.object({
  encoding: z.literal('compact'),
  v: z.literal(1),
  board: boardDto,
  assets: z.array(assetDto),
  jobs: z.array(jobDto),
  conflicts: z.array(conflictDto),
  seq: int,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  role: z.enum([...ROLES, 'admin']).optional(),
  /** A first-view answer (`?firstAssets=n`): the occurrences of the first n asset rows only (BoardSnapshot.firstAssets). */
  firstAssets: int.optional(),
  /** The answer reached the cap on occurrences: whole up to here only (BoardSnapshot.nextFrom). */
  nextFrom: z.iso.datetime({ offset: true }).optional(),
  dict: z.object({
    assets: z.array(z.string()),
    /** [job id, job name or null when absent, job kind or null when absent]. */
    jobs: z.array(z.tuple([z.string(), z.string().nullable(), z.enum(JOB_KINDS).nullable()])),
    actors: z.array(z.tuple([z.string(), z.string()])),
  }),
  occurrences: compactOccurrences,
});

export type CompactSnapshot = z.infer<typeof compactSnapshot>;
export type CompactOccurrences = z.infer<typeof compactOccurrences>;
