import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './router.svelte';

describe('hash router', () => {
  it('parses the three routes', () => {
    expect(parseHash('#/login')).toEqual({ name: 'login' });
    expect(parseHash('#/boards')).toEqual({ name: 'boards' });
    expect(parseHash('#/boards/')).toEqual({ name: 'boards' });
    expect(parseHash('#/boards/abc-123')).toEqual({ name: 'board', boardId: 'abc-123' });
  });

  it('parses the account and admin pages, and round-trips them', () => {
    expect(parseHash('#/account')).toEqual({ name: 'account' });
    expect(parseHash('#/admin/users/')).toEqual({ name: 'admin-users' });
    expect(hrefFor({ name: 'account' })).toBe('#/account');
    expect(hrefFor({ name: 'admin-users' })).toBe('#/admin/users');
  });

  it('treats an empty hash as the board list', () => {
    expect(parseHash('')).toEqual({ name: 'boards' });
    expect(parseHash('#')).toEqual({ name: 'boards' });
  });

  it('reports unknown paths', () => {
    expect(parseHash('#/nope')).toEqual({ name: 'not_found', path: '/nope' });
    expect(parseHash('#/boards/a/b')).toEqual({ name: 'not_found', path: '/boards/a/b' });
  });

  it('round-trips board ids that need encoding', () => {
    const route = { name: 'board', boardId: 'a b/c' } as const;
    expect(parseHash(hrefFor(route))).toEqual(route);
  });
});
