/**
 * The password rule (OWASP ASVS 2.1): long enough, not the username, not one of the passwords every
 * guessing list starts with. One rule for the server and the forms, so a form never accepts what
 * the API then refuses.
 */
import { text } from './text';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1000;

/**
 * The most common passwords that are long enough to pass the length rule (from the public
 * breach-frequency lists), lowercased. Shorter ones are already refused by the length.
 */
const COMMON = new Set([
  '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1234567890a', '123123123123',
  '1111111111', '0000000000', '1234512345', '9876543210', '0987654321', '1q2w3e4r5t', '1q2w3e4r5t6y',
  'q1w2e3r4t5', 'q1w2e3r4t5y6', '1qaz2wsx3edc', 'zaq12wsxcde3', 'qwertyuiop', 'qwertyuiop123', 'qwerty1234',
  'qwerty12345', 'qwerty123456', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'zxcvbnm1234', 'abcdefghij',
  'abcd123456', 'abc1234567', 'abcdefg123', 'password12', 'password123', 'password1234', 'password12345',
  'password123!', 'password01', 'passw0rd123', 'p@ssw0rd123', 'passwordpassword', 'iloveyou12', 'iloveyou123',
  'letmein123', 'letmein1234', 'welcome123', 'welcome1234', 'welcome2024', 'welcome2025', 'welcome2026',
  'changeme123', 'changeme1234', 'administrator', 'admin12345', 'admin123456', 'adminadmin', 'administrator1',
  'football123', 'baseball123', 'monkey1234', 'dragon1234', 'sunshine123', 'princess123', 'superman123',
  'starwars123', 'trustno1234', 'whatever123', 'michael123', 'computer123', 'internet123', 'secret1234',
  'mypassword', 'mypassword1', 'mypassword123', 'newpassword', 'newpassword1', 'newpassword123',
  'thisisapassword', 'passphrase', 'qazwsxedcrfv', 'qweasdzxc123', 'aaaaaaaaaa', 'zzzzzzzzzz',
]);

export const PASSWORD_MESSAGES = {
  short: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  username: 'must not be the username',
  common: 'is one of the most common passwords; choose another',
} as const;

/** Why `password` is not acceptable for `username` (a message for people), or null when it is. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.short;
  const lower = password.toLowerCase();
  if (username && lower === username.trim().toLowerCase()) return PASSWORD_MESSAGES.username;
  if (COMMON.has(lower)) return PASSWORD_MESSAGES.common;
  return null;
}

/**
 * A new password: storable text, the length and the common-password list. "Not the username" needs
 * the username, so bodies that carry it check that across fields, and the services check it for
 * bodies that do not (their user is known there).
 */
export function newPasswordField() {
  return text({ max: PASSWORD_MAX_LENGTH })
    .min(PASSWORD_MIN_LENGTH, PASSWORD_MESSAGES.short)
    .refine((s) => !COMMON.has(s.toLowerCase()), PASSWORD_MESSAGES.common);
}
