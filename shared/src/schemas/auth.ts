import { z } from 'zod';
import { nameField } from './common';

export const loginBody = z
  .object({
    username: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    password: z.string({ error: 'is required' }).min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  })
  .strict();
export type LoginBody = z.infer<typeof loginBody>;

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export const createUserBody = z
  .object({
    username: z
      .string({ error: 'is required' })
      .trim()
      .toLowerCase()
      .regex(USERNAME_PATTERN, 'must be 2–40 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
    displayName: nameField(100),
    password: z.string({ error: 'is required' }).min(8, 'must be at least 8 characters').max(1000, 'must be at most 1000 characters'),
    isAdmin: z.boolean().optional(),
  })
  .strict();
export type CreateUserBody = z.infer<typeof createUserBody>;

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}
