import { z } from 'zod';
import { nameField, ROLES } from './common';
import type { BoardRole, EffectiveRole } from './common';

/** Accepts a real IANA zone only; the cron engine owns the full zone validation. */
export const timezoneField = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return tz.includes('/') || tz === 'UTC';
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as "Europe/Berlin" or "UTC"');

export const createBoardBody = z
  .object({
    name: nameField(200),
    timezone: timezoneField,
    horizonDays: z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').max(90, 'must be at most 90').optional(),
  })
  .strict();
export type CreateBoardBody = z.infer<typeof createBoardBody>;

export const memberBody = z.object({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) }).strict();
export type MemberBody = z.infer<typeof memberBody>;

export const boardRangeQuery = z
  .object({
    from: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with offset' }).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 93 * 86_400_000, {
    path: ['to'],
    message: 'range must be at most 93 days',
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
