import { z } from 'zod';
import { nameField } from './common';
import { strictBody } from './job';
import { newPasswordField, PASSWORD_MESSAGES, PASSWORD_MAX_LENGTH } from './password';
import { text, whenValid } from './text';

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
  password: newPasswordField(),
  isAdmin: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((b) => b.password.toLowerCase() !== b.username, { path: ['password'], error: PASSWORD_MESSAGES.username, ...whenValid('username', 'password') });
export type CreateUserBody = z.infer<typeof createUserBody>;

/** `PATCH /api/users/:userId` (admin): disable or enable an account. */
export const patchUserBody = strictBody({
  disabled: z.boolean({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be true or false') }),
});
export type PatchUserBody = z.infer<typeof patchUserBody>;

/** `POST /api/users/:userId/password` (admin): sets a new password and ends the user's sessions. */
export const resetPasswordBody = strictBody({ password: newPasswordField() });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;

/** `POST /api/auth/password`: the signed-in user changes their own password. */
export const changePasswordBody = strictBody({
  // The current password is only compared: any string a sign-in would accept.
  currentPassword: text({ max: PASSWORD_MAX_LENGTH }).min(1, 'must not be empty'),
  newPassword: newPasswordField(),
  endOtherSessions: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((b) => b.newPassword !== b.currentPassword, { path: ['newPassword'], error: 'must differ from the current password', ...whenValid('currentPassword', 'newPassword') });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

/** A user as the admin's user list shows it. */
export interface AdminUserDto extends UserDto {
  disabled: boolean;
  createdAt: string;
  /** Sessions not ended and not expired. */
  activeSessions: number;
}

/** One sign-in of a user (`GET /api/auth/sessions`, `GET /api/users/:userId/sessions`). */
export interface SessionDto {
  id: string;
  /** "Chrome 131 on Windows", from the user agent at sign-in. */
  device: string;
  /** The user agent at sign-in, trimmed to 200 characters, control characters removed. */
  userAgent: string;
  createdAt: string;
  /** Refreshed at most every few minutes (with the sliding expiry). */
  lastSeenAt: string;
  expiresAt: string;
  /** The session of this request. */
  current: boolean;
}
