import { describe, expect, it } from 'vitest';
import { changePasswordBody, createUserBody, resetPasswordBody } from './auth';
import { passwordProblem, PASSWORD_MESSAGES } from './password';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('password rule', () => {
  it('wants 10 characters, not the username, not a common password', () => {
    expect(passwordProblem('')).toBe(PASSWORD_MESSAGES.short);
    expect(passwordProblem('123456789')).toBe(PASSWORD_MESSAGES.short);
    expect(passwordProblem('Password123')).toBe(PASSWORD_MESSAGES.common);
    expect(passwordProblem('dispatcher', 'Dispatcher')).toBe(PASSWORD_MESSAGES.username);
    expect(passwordProblem('dispatcher', 'other')).toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
  });

  it('is the rule of every body that sets a password, at the field', () => {
    expect(issues(createUserBody.safeParse({ username: 'ops.lead', displayName: 'Ops', password: 'short' }))).toEqual([`password: ${PASSWORD_MESSAGES.short}`]);
    expect(issues(createUserBody.safeParse({ username: 'ops.lead1', displayName: 'Ops', password: 'OPS.LEAD1' }))).toEqual(['password: must be at least 10 characters']);
    expect(issues(createUserBody.safeParse({ username: 'ops.leader', displayName: 'Ops', password: 'Ops.Leader' }))).toEqual([`password: ${PASSWORD_MESSAGES.username}`]);
    expect(issues(createUserBody.safeParse({ username: 'ops.lead', displayName: 'Ops', password: 'qwertyuiop' }))).toEqual([`password: ${PASSWORD_MESSAGES.common}`]);
    expect(issues(resetPasswordBody.safeParse({ password: '' }))).toEqual([`password: ${PASSWORD_MESSAGES.short}`]);
    expect(issues(resetPasswordBody.safeParse({ password: 'x\u0000'.repeat(6) }))).toEqual(['password: must not contain a NUL character']);
    expect(issues(changePasswordBody.safeParse({ currentPassword: 'old-password-1', newPassword: 'old-password-1' }))).toEqual(['newPassword: must differ from the current password']);
    expect(issues(changePasswordBody.safeParse({ currentPassword: '', newPassword: 'welcome123' }))).toEqual(['currentPassword: must not be empty', `newPassword: ${PASSWORD_MESSAGES.common}`]);
    expect(changePasswordBody.parse({ currentPassword: 'a', newPassword: 'a fine new one', endOtherSessions: true })).toEqual({ currentPassword: 'a', newPassword: 'a fine new one', endOtherSessions: true });
  });
});
