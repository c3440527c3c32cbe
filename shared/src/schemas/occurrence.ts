/** Bodies for `PATCH /api/occurrences/:occurrenceId` (drag / resize). `DELETE` takes no body. */
import { z } from 'zod';
import { versionField } from './common';
import { isoInstantField } from './instant';
import { MAX_DAY_MIN, strictBody, uuidField } from './job';
import { whenValid } from './text';

export const OCCURRENCE_STATUSES = ['scheduled', 'conflicted', 'cancelled'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** Longest occurrence a resize may produce: tasks and tours are capped at 24 h too. */
export const MAX_OCCURRENCE_MIN = MAX_DAY_MIN;

export const patchOccurrenceBody = strictBody({
  expectedVersion: versionField,
  assetId: uuidField.optional(),
  startsAt: isoInstantField.optional(),
  endsAt: isoInstantField.optional(),
})
  .superRefine((v, ctx) => {
    if (v.assetId === undefined && v.startsAt === undefined && v.endsAt === undefined) {
      ctx.addIssue({ code: 'custom', message: 'nothing to change: give assetId, startsAt or endsAt' });
    }
  }, whenValid('assetId', 'startsAt', 'endsAt'))
  .superRefine((v, ctx) => {
    if (v.startsAt && v.endsAt) {
      const lengthMin = (Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000;
      if (lengthMin <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      else if (lengthMin > MAX_OCCURRENCE_MIN) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'an occurrence lasts at most 24 h' });
    }
  }, whenValid('startsAt', 'endsAt'));
export type PatchOccurrenceInput = z.input<typeof patchOccurrenceBody>;
export type PatchOccurrenceBody = z.output<typeof patchOccurrenceBody>;

/** `POST /api/occurrences/:occurrenceId/restore`: a cancelled run back to `scheduled`. */
export const restoreOccurrenceBody = strictBody({ expectedVersion: versionField });
export type RestoreOccurrenceBody = z.output<typeof restoreOccurrenceBody>;

export const MAX_BATCH_OPS = 500;

/** One op of a batch: a move/resize (any of assetId, startsAt, endsAt) or `cancel: true`, never both. */
export const batchOpBody = strictBody({
  occurrenceId: uuidField,
  expectedVersion: versionField,
  assetId: uuidField.optional(),
  startsAt: isoInstantField.optional(),
  endsAt: isoInstantField.optional(),
  cancel: z.literal(true, { error: 'must be true (leave it out to move)' }).optional(),
})
  .superRefine((v, ctx) => {
    const moves = v.assetId !== undefined || v.startsAt !== undefined || v.endsAt !== undefined;
    if (v.cancel && moves) ctx.addIssue({ code: 'custom', path: ['cancel'], message: 'a cancel op takes no assetId, startsAt or endsAt' });
    if (!v.cancel && !moves) ctx.addIssue({ code: 'custom', message: 'nothing to change: give assetId, startsAt, endsAt or cancel: true' });
  }, whenValid('assetId', 'startsAt', 'endsAt', 'cancel'))
  .superRefine((v, ctx) => {
    if (v.startsAt && v.endsAt) {
      const lengthMin = (Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000;
      if (lengthMin <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      else if (lengthMin > MAX_OCCURRENCE_MIN) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'an occurrence lasts at most 24 h' });
    }
  }, whenValid('startsAt', 'endsAt'));
export type BatchOpBody = z.output<typeof batchOpBody>;

/** `POST /api/boards/:boardId/occurrences/batch`: 1..500 ops, each occurrence at most once. */
export const batchOccurrencesBody = strictBody({
  ops: z
    .array(batchOpBody, { error: 'must be a list of ops' })
    .min(1, 'give at least one op')
    .max(MAX_BATCH_OPS, `at most ${MAX_BATCH_OPS} ops in one batch`),
}).superRefine((v, ctx) => {
  const seen = new Map<string, number>();
  v.ops.forEach((op, i) => {
    const first = seen.get(op.occurrenceId);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['ops', i, 'occurrenceId'], message: `occurrence already in op ${first}; each occurrence at most once per batch` });
    else seen.set(op.occurrenceId, i);
  });
}, whenValid('ops'));
export type BatchOccurrencesBody = z.output<typeof batchOccurrencesBody>;

/** `GET /api/boards/:boardId/history?limit=` (1..100, default 20). */
export const historyQuery = z.object({
  limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
}).strict();
