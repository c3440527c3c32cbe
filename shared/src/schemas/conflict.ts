/** Conflict feed query and the supervisor's resolve body (API.md, "Conflicts"). */
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

/** `GET /api/boards/:boardId/conflicts?status=`; open by default. Not strict: query strings carry cache busters. */
export const conflictListQuery = z.object({
  status: z.enum(CONFLICT_STATUSES, { error: `must be one of ${CONFLICT_STATUSES.join(', ')}` }).default('open'),
});
export type ConflictListQuery = z.output<typeof conflictListQuery>;
