import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import App from './app.svelte';

// The account page's chunk cannot be fetched (offline, or a deploy since this tab opened).
vi.mock('./pages/account-page.svelte', () => {
  throw new Error('Failed to fetch dynamically imported module: /assets/account-page-old.js');
});

const user = { id: 'u1', username: 'planner1', displayName: 'Planner One', isAdmin: false };

afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
});

describe('lazy pages', () => {
  it('a page whose code cannot be loaded says so and offers a reload, instead of a blank screen', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/auth/me' ? new Response(JSON.stringify({ user, memberships: [] }), { status: 200 }) : new Response('{}', { status: 404 }),
      ),
    );
    window.location.hash = '#/account';
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This page could not be loaded');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});
