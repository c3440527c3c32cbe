import { z } from 'zod';
import { nameField } from './common';
import { strictBody } from './job';
import { text } from './text';

/**
 * Sign-in. Unlike every other string of the API these are not `text()`: a username or password
 * holding a NUL or a lone surrogate is a wrong password like any other (401, counted by the login
 * limiter); the service makes sure such a name never reaches the database.
 */
export const loginBody = strictBody({
  username: z.string({ error: 'is required' }).trim().max(100, { error: 'must be at most 100 characters', abort: true }).min(1, 'must not be empty'),
  password: z.string({ error: 'is required' }).max(1000, { error: 'must be at most 1000 characters', abort: true }).min(1, 'must not be empty'),
});
export type LoginBody = z.infer<typeof loginBody>;

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export const createUserBody = strictBody({
  username: text({ max: 40, trim: true })
    .toLowerCase()
    .regex(USERNAME_PATTERN, 'must be 2–40 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
  displayName: nameField(100),
  password: text({ max: 1000 }).min(8, 'must be at least 8 characters'),
  isAdmin: z.boolean({ error: 'must be true or false' }).optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}
