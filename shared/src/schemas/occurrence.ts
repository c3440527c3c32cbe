/** Bodies for `PATCH /api/occurrences/:occurrenceId` (drag / resize). `DELETE` takes no body. */
import type { z } from 'zod';
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
