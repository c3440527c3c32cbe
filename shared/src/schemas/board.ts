import { z } from 'zod';
import { nameField, ROLES } from './common';
import type { BoardRole, EffectiveRole } from './common';
import { isoInstantField } from './instant';
import { strictBody } from './job';
import { text, whenValid } from './text';

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

export const createBoardBody = strictBody({
  name: nameField(200),
  timezone: timezoneField,
  horizonDays: z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').max(90, 'must be at most 90').optional(),
});
export type CreateBoardBody = z.infer<typeof createBoardBody>;

export const memberBody = strictBody({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) });
export type MemberBody = z.infer<typeof memberBody>;

/** `?from=&to=` of the snapshot and the occurrence list; not strict: query strings carry cache busters. */
export const boardRangeQuery = z
  .object({
    from: isoInstantField.optional(),
    to: isoInstantField.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from', ...whenValid('from', 'to') })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 93 * 86_400_000, {
    path: ['to'],
    message: 'range must be at most 93 days',
    ...whenValid('from', 'to'),
  });

export interface BoardDto {
  id: string;
  name: string;
  timezone: string;
  horizonDays: number;
  lastSeq: number;
}

export interface BoardListItem {
  id: string;
  name: string;
  timezone: string;
  horizonDays: number;
  role: EffectiveRole;
}

export interface MemberDto {
  userId: string;
  username: string;
  displayName: string;
  role: BoardRole;
}
