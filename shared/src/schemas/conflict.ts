/** Conflict feed query and the supervisor's resolve body (docs/api.md, "Conflicts"). */
import { z } from 'zod';
import { isoInstantField } from './instant';
import { strictBody, uuidField } from './job';
import { whenValid } from './text';

export const CONFLICT_KINDS = ['rejected', 'overlap'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export const RESOLVE_ACTIONS = ['dismiss', 'cancel', 'move'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];
/**
 * How a record was closed: a supervisor's action, or `superseded` — a rejected attempt whose job was
 * booked after all (saved anyway, or at a suggested slot), so nothing is left to look at.
 */
export const CONFLICT_RESOLUTIONS = [...RESOLVE_ACTIONS, 'superseded'] as const;
export type ConflictResolutionAction = (typeof CONFLICT_RESOLUTIONS)[number];
export const ATTEMPT_ACTIONS = ['create', 'edit', 'move'] as const;
export type AttemptAction = (typeof ATTEMPT_ACTIONS)[number];

/**
 * `action: dismiss` closes the record; `cancel` cancels `occurrenceId`; `move` moves it to
 * `startsAt` and/or `assetId`. Fields an action would not use are refused rather than ignored.
 */
export const resolveConflictBody = strictBody({
  action: z.enum(RESOLVE_ACTIONS, { error: `must be one of ${RESOLVE_ACTIONS.join(', ')}` }),
  occurrenceId: uuidField.optional(),
  startsAt: isoInstantField.optional(),
  assetId: uuidField.optional(),
}).superRefine((v, ctx) => {
  if (v.action !== 'dismiss' && v.occurrenceId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['occurrenceId'], message: `is required to ${v.action}` });
  }
  if (v.action === 'dismiss' && v.occurrenceId !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['occurrenceId'], message: 'dismiss touches no occurrence; leave it out' });
  }
  if (v.action === 'move') {
    if (v.startsAt === undefined && v.assetId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'move needs startsAt, assetId or both' });
    }
  } else {
    for (const k of ['startsAt', 'assetId'] as const) {
      if (v[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `only used by move, not by ${v.action}` });
    }
  }
}, whenValid('action', 'occurrenceId', 'startsAt', 'assetId'));
export type ResolveConflictBody = z.output<typeof resolveConflictBody>;

/**
 * `POST /api/boards/:boardId/conflicts/dismiss` (supervisor): dismisses every open record of `kind`
 * ("dismiss all rejected"), or only the listed `ids` (a grouped card), in one transaction.
 */
export const dismissConflictsBody = strictBody({
  kind: z.enum(CONFLICT_KINDS, { error: `must be one of ${CONFLICT_KINDS.join(', ')}` }).optional(),
  ids: z.array(uuidField, { error: 'must be a list of conflict ids' }).min(1, 'list at least one conflict id').max(1000, 'at most 1000 ids at once').optional(),
}).refine((v) => v.kind !== undefined || v.ids !== undefined, { path: ['kind'], message: 'give kind, ids or both', ...whenValid('kind', 'ids') });
export type DismissConflictsBody = z.output<typeof dismissConflictsBody>;

/** `GET /api/boards/:boardId/conflicts?status=`; open by default. Not strict: query strings carry cache busters. */
export const conflictListQuery = z.object({
  status: z.enum(CONFLICT_STATUSES, { error: `must be one of ${CONFLICT_STATUSES.join(', ')}` }).default('open'),
});
export type ConflictListQuery = z.output<typeof conflictListQuery>;
