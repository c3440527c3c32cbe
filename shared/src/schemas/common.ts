import { z } from 'zod';
import { text } from './text';

// Control characters (C0, DEL, C1) are never wanted in names: they break logs, CSV exports and terminals.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** A trimmed human-readable name: 1..max characters, no control characters. */
export function nameField(max = 200) {
  return text({ max, trim: true })
    .min(1, 'must not be empty')
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');
}

export const idField = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string id') })
  .uuid('must be a valid id');

export const versionField = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an integer') })
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(2_147_483_647, 'must be at most 2147483647');

export { ROLES, ROLE_RANK, roleAtLeast, type BoardRole, type EffectiveRole } from '../domain/roles';
