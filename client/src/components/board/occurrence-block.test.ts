import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import type { AssetDto, JobKind } from '@schedhuler/shared';
import type { TimelineBlock } from '../../lib/board/board-store.svelte';
import { makeOcc } from '../../test-support/factories';
import type { BlockSpot } from '../../lib/timeline/block-spot';
import { BlockTip } from '../../lib/timeline/block-tip.svelte';
import BlockTipLayer from './block-tip-layer.svelte';
import OccurrenceBlock from './occurrence-block.svelte';

const ZONE = 'Europe/Berlin';
const START = Date.parse('2027-03-22T08:00:00Z'); // Monday 09:00 in Berlin
const END = START + 215 * 60_000; // 12:35
const van: AssetDto = { id: 'v1', boardId: 'board-1', code: 'VAN-1', name: 'Van 1 (VW Crafter)', kind: 'vehicle', status: 'working', version: 1 };
const noop = () => {};
const actions = { pointerdown: noop, keydown: noop, focus: noop, blur: noop, dblclick: noop };

function blockOf(kind: JobKind, over: Partial<TimelineBlock> = {}): TimelineBlock {
  const occ = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'v1', startsAt: new Date(START).toISOString(), endsAt: new Date(END).toISOString() });
  return { id: 'o1', assetId: 'v1', start: START, end: END, occ, kind, name: 'Retail route', conflicted: false, pending: false, ...over };
}

function spotOf(block: TimelineBlock, width: number, height: number, extra: { roomRight?: number; match?: 'match' | 'miss' | null } = {}): BlockSpot {
  return { left: 0, top: 0, shiftX: 0, shiftY: 0, width, height, start: block.start, end: block.end, assetId: block.assetId, selected: false, editing: false, highlighted: false, remoteColor: null, roomRight: extra.roomRight ?? 0, match: extra.match ?? null };
}

function renderBlock(block: TimelineBlock, width = 300, height = 30, extra: { roomRight?: number; match?: 'match' | 'miss' | null } = {}): HTMLElement {
  const { container } = render(OccurrenceBlock, {
    props: {
      block,
      spot: spotOf(block, width, height, extra),
      assetsById: new Map([[van.id, van]]),
      zone: ZONE,
      pxPerMs: width / (block.end - block.start),
      canEdit: true,
      actions,
    },
  });
  return container.querySelector<HTMLElement>('[data-occurrence-id]')!;
}

/** The text a sighted user reads off the block (what is not hidden from everyone), as one line. */
function visibleText(el: HTMLElement): string {
  const parts = [...el.children].filter((c) => c.getAttribute('aria-hidden') !== 'true').map((c) => c.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

describe('occurrence block: the accessible name starts with the visible label (WCAG 2.5.3)', () => {
  it.each(['task', 'internal_tour', 'external_tour'] as const)('kind %s, showing its name and times', (kind) => {
    const el = renderBlock(blockOf(kind));
    expect(visibleText(el)).toBe('Retail route 09:00–12:35');
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35, ')).toBe(true);
  });

  it('names the kind and the asset after the visible text, then the states', () => {
    expect(renderBlock(blockOf('external_tour')).getAttribute('aria-label')).toBe('Retail route 09:00–12:35, External tour, VAN-1 Van 1 (VW Crafter)');
    const flagged = renderBlock(blockOf('task', { conflicted: true, pending: true }));
    // The "!" badge is hidden from assistive technology; the name says "conflicted" instead.
    expect(visibleText(flagged)).toBe('Retail route 09:00–12:35');
    expect(flagged.getAttribute('aria-label')).toBe('Retail route 09:00–12:35, Task, VAN-1 Van 1 (VW Crafter), conflicted, saving');
  });

  it('a block too small for its name shortens it, and its name still starts with the text it shows', () => {
    const el = renderBlock(blockOf('task'), 60, 30);
    expect(el.dataset.label).toBe('abbreviated');
    // The whole name is the text (CSS clips it with an ellipsis), so it stays the start of the accessible name.
    expect(visibleText(el)).toBe('Retail route');
    expect(el.querySelector('.name')!.classList.length).toBeGreaterThan(0);
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35')).toBe(true);
  });

  it('a sliver shows initials drawn by CSS, so they are no text of the button', () => {
    const el = renderBlock(blockOf('task'), 20, 30);
    expect(el.dataset.initials).toBe('RR');
    expect(visibleText(el)).toBe('');
    // A sliver without marks is the block alone: no children to mount.
    expect(el.children).toHaveLength(0);
  });

  it('writes the name beside a small block when the next block leaves room', () => {
    const el = renderBlock(blockOf('task'), 40, 30, { roomRight: 200 });
    expect(el.dataset.label).toBe('beside');
    expect(el.parentElement!.querySelector('.beside')!.textContent).toBe('Retail route');
  });
});

describe('occurrence block: tooltip and search', () => {
  it('opens an accessible tooltip on focus with the stops, and Escape closes it', async () => {
    const cp: AssetDto = { ...van, id: 'cp', code: 'CP-GATE', name: 'Main gate', kind: 'checkpoint' };
    const b = blockOf('internal_tour');
    b.occ = { ...b.occ, stops: [{ seq: 1, assetId: 'cp', startsAt: b.occ.startsAt, endsAt: new Date(START + 600_000).toISOString() }] };
    // The board draws its one tooltip beside the blocks (timeline-blocks.svelte): the same here.
    const state = new BlockTip();
    const spot = spotOf(b, 300, 30);
    const assetsById = new Map([[van.id, van], [cp.id, cp]]);
    const { container } = render(OccurrenceBlock, {
      props: { block: b, spot, assetsById, zone: ZONE, pxPerMs: 1e-4, canEdit: true, tip: state, actions },
    });
    const layer = render(BlockTipLayer, { props: { tip: state, find: (id: string) => (id === b.id ? { block: b, spot } : undefined), assetsById, zone: ZONE } });
    const el = container.querySelector<HTMLElement>('[data-occurrence-id]')!;
    expect(el.hasAttribute('title')).toBe(false);
    el.focus();
    await tick();
    const tip = document.getElementById(el.getAttribute('aria-describedby')!)!;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toContain('Internal tour');
    expect(tip.textContent).toContain('Main gate 09:00–09:10');
    expect(tip.textContent).toContain('VAN-1 Van 1 (VW Crafter)');
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await tick();
    expect(el.hasAttribute('aria-describedby')).toBe(false);
    expect(layer.container.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('marks search matches and dims the rest', () => {
    expect(renderBlock(blockOf('task'), 300, 30, { match: 'match' }).classList.contains('found')).toBe(true);
    expect(renderBlock(blockOf('task'), 300, 30, { match: 'miss' }).classList.contains('dimmed')).toBe(true);
  });
});
