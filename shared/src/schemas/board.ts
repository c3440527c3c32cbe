import { z } from 'zod';
import { MAX_FIRST_ASSETS } from '../domain/asset-rows';
import { nameField, ROLES, versionField } from './common';
import type { BoardRole, EffectiveRole } from './common';
import { isoInstantField } from './instant';
import { strictBody } from './job';
import { text, whenValid } from './text';
import { workingHoursSchema, type WorkingHours } from './working-hours';

/** Accepts a real IANA zone only; the cron engine owns the full zone validation. */
export const timezoneField = text({ max: 64 })
  .min(1, 'must not be empty')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return tz.includes('/') || tz === 'UTC';
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Europe/Berlin" or "UTC"');

const horizonDaysField = z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').max(90, 'must be at most 90');

export const createBoardBody = strictBody({
  name: nameField(200),
  timezone: timezoneField,
  horizonDays: horizonDaysField.optional(),
  workingHours: workingHoursSchema.optional(),
});
export type CreateBoardBody = z.infer<typeof createBoardBody>;

/** `PATCH /api/boards/:boardId`: any board setting; `expectedVersion` makes it a compare-and-set. */
export const patchBoardBody = strictBody({
  name: nameField(200).optional(),
  timezone: timezoneField.optional(),
  horizonDays: horizonDaysField.optional(),
  workingHours: workingHoursSchema.optional(),
  expectedVersion: versionField.optional(),
});
export type PatchBoardBody = z.infer<typeof patchBoardBody>;

/** `GET /api/boards/:boardId/user-directory?q=`: not strict, query strings carry cache busters. */
export const userDirectoryQuery = z.object({ q: text({ max: 100, trim: true }).optional() });

/** One active user as a supervisor may see them when adding members. */
export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
}

export const memberBody = strictBody({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) });
export type MemberBody = z.infer<typeof memberBody>;

const rangeFields = { from: isoInstantField.optional(), to: isoInstantField.optional() };

/** The checks of a `?from=&to=` range, on any query object that has one. */
function checkedRange<T extends z.ZodObject<typeof rangeFields>>(query: T) {
  return query
    .refine((q) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from', ...whenValid('from', 'to') })
    .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 93 * 86_400_000, {
      path: ['to'],
      message: 'range must be at most 93 days',
      ...whenValid('from', 'to'),
    });
}

/** `?from=&to=` of the snapshot and the occurrence list; not strict: query strings carry cache busters. */
export const boardRangeQuery = checkedRange(z.object(rangeFields));

/**
 * The snapshot's query: the range, `encoding=compact` for the compact answer (schemas/compact-snapshot.ts),
 * and `firstAssets=n` for a first view: only the occurrences on the board's first n asset rows
 * (domain/asset-rows.ts) and of the tours that stop on them; everything else whole.
 */
export const boardSnapshotQuery = checkedRange(
  z.object({
    ...rangeFields,
    encoding: z.enum(['default', 'compact'], { error: 'must be default or compact' }).optional(),
    firstAssets: z.coerce
      .number({ error: 'must be an integer' })
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(MAX_FIRST_ASSETS, `must be at most ${MAX_FIRST_ASSETS}`)
      .optional(),
  }),
);

export interface BoardDto {
  id: string;
  name: string;
  timezone: string;
  horizonDays: number;
  workingHours: WorkingHours;
  /** Bumped by every settings change (`PATCH`'s `expectedVersion`). */
  version: number;
  lastSeq: number;
}

export interface BoardListItem {
  id: string;
  name: string;
  timezone: string;
  horizonDays: number;
  workingHours: WorkingHours;
  role: EffectiveRole;
}

export interface MemberDto {
  userId: string;
  username: string;
  displayName: string;
  role: BoardRole;
}
