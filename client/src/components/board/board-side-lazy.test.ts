import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import BoardSide from './board-side.svelte';
import { JobPanelState } from '../../lib/board/job-panel-state.svelte';
import { FeedVisibility } from '../../lib/board/page-panels.svelte';
import type { BoardStore } from '../../lib/board/board-store.svelte';

// The job form's chunk cannot be fetched (offline, or a deploy since this tab opened).
vi.mock('../forms/job-panel.svelte', () => {
  throw new Error('Failed to fetch dynamically imported module: /assets/job-panel-old.js');
});

describe('board side panel, job form loaded on first use (issue 12)', () => {
  it('a job form whose code cannot be loaded says so and offers a reload, in the panel', async () => {
    const store = { canEdit: true, board: { id: 'b1', timezone: 'UTC' }, jobs: new Map(), assetsById: new Map() } as unknown as BoardStore;
    const panels = new JobPanelState({ store, zone: () => 'UTC', clock: () => 0, announce: () => {} });
    panels.open({ kind: 'task' });
    render(BoardSide, { props: { store, live: null, panels, feed: new FeedVisibility(true), editors: [], onHighlight: () => {}, onShow: () => {}, onAnnounce: () => {} } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This page could not be loaded');
    expect(alert.closest('.side-panel')).not.toBeNull();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});
