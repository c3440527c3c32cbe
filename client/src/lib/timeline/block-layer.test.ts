import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import type { AssetDto, JobKind } from '@schedhuler/shared';
import type { TimelineBlock } from '../board/board-store.svelte';
import { makeOcc } from '../../test-support/factories';
import BlockTipLayer from '../../components/board/block-tip-layer.svelte';
import { blockFace } from './block-face';
import { BlockLayer } from './block-layer';
import type { LayerEvents, LayerState } from './block-layer';
import type { BlockSpot } from './block-spot';
import { BlockTip } from './block-tip.svelte';
import type { AssetRow } from './row-layout';
import type { VisibleItem } from './virtual-window';

const ZONE = 'Europe/Berlin';
const START = Date.parse('2027-03-22T08:00:00Z'); // Monday 09:00 in Berlin
const END = START + 215 * 60_000; // 12:35
const van: AssetDto = { id: 'v1', boardId: 'board-1', code: 'VAN-1', name: 'Van 1 (VW Crafter)', kind: 'vehicle', status: 'working', version: 1 };
const noop = () => {};
const NO_STATE: LayerState = { openId: null, selected: () => false, highlighted: () => false, remoteColor: () => null };

type Look = { width?: number; height?: number; left?: number; roomRight?: number; match?: 'match' | 'miss' | null };
type Item = VisibleItem<TimelineBlock>;

function blockOf(kind: JobKind, over: Partial<TimelineBlock> = {}): TimelineBlock {
  const id = over.id ?? 'o1';
  const occ = makeOcc({ id, jobId: 'j1', assetId: 'v1', startsAt: new Date(START).toISOString(), endsAt: new Date(END).toISOString() });
  return { id, assetId: 'v1', start: START, end: END, occ, kind, name: 'Retail route', conflicted: false, pending: false, ...over };
}

function itemOf(block: TimelineBlock): Item {
  return { block, row: {} as AssetRow, lane: 0, lanes: 1 };
}

/** A layer in a fresh container; `looks` says how each block is drawn (its spot), by id. */
function setup(looks: Map<string, Look>, assets: AssetDto[] = [van], events: Partial<LayerEvents> = {}, state: () => LayerState = () => NO_STATE) {
  const assetsById = new Map(assets.map((a) => [a.id, a]));
  const host = document.createElement('div');
  host.className = 'blocks';
  document.body.append(host);
  const spotOf = (it: Item): BlockSpot => {
    const b = it.block;
    const l = looks.get(b.id) ?? {};
    const s = state();
    return { left: l.left ?? 0, top: 0, shiftX: 0, shiftY: 0, width: l.width ?? 300, height: l.height ?? 30, start: b.start, end: b.end, assetId: b.assetId, selected: s.selected(b.id), editing: false, highlighted: s.highlighted(b.id), remoteColor: s.remoteColor(b.id), roomRight: l.roomRight ?? 0, match: l.match ?? null };
  };
  const layer = new BlockLayer(
    {
      spot: spotOf,
      face: (block, s) => blockFace({ block, asset: assetsById.get(s.assetId), assetsById, zone: ZONE, start: s.start, end: s.end, width: s.width, height: s.height, editing: s.editing, roomRight: s.roomRight, pxPerMs: s.width / (block.end - block.start) }),
      canEdit: () => true,
    },
    { pointerdown: noop, keydown: noop, hoverIn: noop, hoverOut: noop, focusin: noop, focusout: noop, dblclick: noop, ...events },
  );
  const detach = layer.attach(host);
  return { host, layer, assetsById, detach, spotOf };
}

function drawOne(block: TimelineBlock, look: Look = {}): HTMLElement {
  const { host, layer } = setup(new Map([[block.id, look]]));
  layer.draw([{ key: '0:0', items: [itemOf(block)] }], {}, NO_STATE);
  return host.querySelector<HTMLElement>('[data-occurrence-id]')!;
}

/** The text a sighted user reads off the block (what is not hidden from everyone), as one line. */
function visibleText(el: HTMLElement): string {
  const parts = [...el.children].filter((c) => c.getAttribute('aria-hidden') !== 'true').map((c) => c.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('board blocks: the accessible name starts with the visible label (WCAG 2.5.3)', () => {
  it.each(['task', 'internal_tour', 'external_tour'] as const)('kind %s, showing its name and times', (kind) => {
    const el = drawOne(blockOf(kind));
    expect(visibleText(el)).toBe('Retail route 09:00–12:35');
    // What axe reads as the visible text: the parts are apart (label-content-name-mismatch).
    expect(el.textContent?.trim()).toBe('Retail route 09:00–12:35');
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35, ')).toBe(true);
    expect(el.getAttribute('role')).toBe('button');
    expect(el.getAttribute('tabindex')).toBe('0');
    expect(el.getAttribute('aria-roledescription')).toBe('movable occurrence');
    expect(el.getAttribute('aria-pressed')).toBe('false');
    expect(el.classList.contains(`kind-${kind}`)).toBe(true);
  });

  it('names the kind and the asset after the visible text, then the states', () => {
    expect(drawOne(blockOf('external_tour')).getAttribute('aria-label')).toBe('Retail route 09:00–12:35, External tour, VAN-1 Van 1 (VW Crafter)');
    const flagged = drawOne(blockOf('task', { conflicted: true, pending: true }));
    // The "!" badge is hidden from assistive technology; the name says "conflicted" instead.
    expect(visibleText(flagged)).toBe('Retail route 09:00–12:35');
    expect(flagged.querySelector('.badge')!.textContent).toBe('!');
    expect(flagged.getAttribute('aria-label')).toBe('Retail route 09:00–12:35, Task, VAN-1 Van 1 (VW Crafter), conflicted, saving');
  });

  it('a block too small for its name shortens it, and its name still starts with the text it shows', () => {
    const el = drawOne(blockOf('task'), { width: 60 });
    expect(el.dataset.label).toBe('abbreviated');
    // The whole name is the text (CSS clips it with an ellipsis), so it stays the start of the accessible name.
    expect(visibleText(el)).toBe('Retail route');
    expect(el.querySelector('.name')!.classList.length).toBeGreaterThan(0);
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35')).toBe(true);
  });

  it('a sliver shows initials drawn by CSS, so they are no text of the button', () => {
    const el = drawOne(blockOf('task'), { width: 20 });
    expect(el.dataset.initials).toBe('RR');
    expect(visibleText(el)).toBe('');
    // A sliver without marks is the block alone: no children to mount.
    expect(el.children).toHaveLength(0);
  });

  it('writes the name beside a small block when the next block leaves room', () => {
    const el = drawOne(blockOf('task'), { width: 40, roomRight: 200 });
    expect(el.dataset.label).toBe('beside');
    expect(el.nextElementSibling!.classList.contains('beside')).toBe(true);
    expect(el.nextElementSibling!.textContent).toBe('Retail route');
    expect(el.nextElementSibling!.getAttribute('aria-hidden')).toBe('true');
  });

  it('a tour shows its stops, an unbookable asset its chip, in the markup order', () => {
    const broken: AssetDto = { ...van, status: 'maintenance' };
    const b = blockOf('internal_tour', { conflicted: true });
    const at = (m: number) => new Date(START + m * 60_000).toISOString();
    b.occ = { ...b.occ, stops: [0, 60, 120].map((m, i) => ({ seq: i + 1, assetId: 'v1', startsAt: at(m), endsAt: at(m + 30) })) };
    const { host, layer } = setup(new Map([[b.id, { width: 300 }]]), [broken]);
    layer.draw([{ key: '0:0', items: [itemOf(b)] }], {}, NO_STATE);
    const el = host.querySelector<HTMLElement>('[data-occurrence-id]')!;
    expect([...el.children].map((c) => c.className)).toEqual(['stop', 'stop', 'badge', 'flag', 'name', 'time', 'handle']);
    expect(el.querySelector('.flag')!.textContent).toBe('Maint.');
    expect(el.querySelector('.flag svg')).not.toBeNull();
    expect(el.classList.contains('flagged')).toBe(true);
    expect(el.classList.contains('has-stops')).toBe(true);
  });
});

describe('board blocks: tooltip and search', () => {
  it('opens an accessible tooltip on focus with the stops, and Escape closes it', async () => {
    const cp: AssetDto = { ...van, id: 'cp', code: 'CP-GATE', name: 'Main gate', kind: 'checkpoint' };
    const b = blockOf('internal_tour');
    b.occ = { ...b.occ, stops: [{ seq: 1, assetId: 'cp', startsAt: b.occ.startsAt, endsAt: new Date(START + 600_000).toISOString() }] };
    // Wired as timeline-blocks.svelte wires it: the board's one tooltip, drawn beside the blocks.
    const tip = new BlockTip();
    const state = () => ({ ...NO_STATE, openId: tip.openId });
    const { host, layer, assetsById, spotOf } = setup(new Map(), [van, cp], {
      focusin: (block, _spot, el) => tip.open(el, block.id),
      keydown: (e, block) => {
        if (e.key === 'Escape' && tip.openId === block.id) tip.close();
      },
    });
    const draw = () => layer.draw([{ key: '0:0', items: [itemOf(b)] }], {}, state());
    draw();
    const tipLayer = render(BlockTipLayer, { props: { tip, find: (id: string) => (id === b.id ? { block: b, spot: spotOf(itemOf(b)) } : undefined), assetsById, zone: ZONE } });
    const el = host.querySelector<HTMLElement>('[data-occurrence-id]')!;
    expect(el.hasAttribute('title')).toBe(false);
    el.focus();
    draw();
    await tick();
    const shown = document.getElementById(el.getAttribute('aria-describedby')!)!;
    expect(shown.getAttribute('role')).toBe('tooltip');
    expect(shown.textContent).toContain('Internal tour');
    expect(shown.textContent).toContain('Main gate 09:00–09:10');
    expect(shown.textContent).toContain('VAN-1 Van 1 (VW Crafter)');
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    draw();
    await tick();
    expect(el.hasAttribute('aria-describedby')).toBe(false);
    expect(tipLayer.container.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('marks search matches and dims the rest', () => {
    expect(drawOne(blockOf('task'), { match: 'match' }).classList.contains('found')).toBe(true);
    expect(drawOne(blockOf('task'), { match: 'miss' }).classList.contains('dimmed')).toBe(true);
  });
});

describe('board blocks: keyed drawing', () => {
  const three = () => ['a', 'b', 'c'].map((id) => itemOf(blockOf('task', { id })));
  const ids = (root: Element) => [...root.querySelectorAll('[data-occurrence-id]')].map((e) => e.getAttribute('data-occurrence-id'));

  it('a new state repaints only the blocks it changes, on the same elements, and keeps the focus', () => {
    const items = three();
    const { host, layer } = setup(new Map());
    const key = {};
    layer.draw([{ key: '0:0', items }], key, NO_STATE);
    const before = [...host.querySelectorAll('[data-occurrence-id]')];
    (before[1] as HTMLElement).focus();
    const changed = new Set<Node>();
    const seen = new MutationObserver((list) => list.forEach((m) => changed.add(m.target)));
    seen.observe(host, { subtree: true, attributes: true, childList: true, characterData: true });
    layer.draw([{ key: '0:0', items }], key, { ...NO_STATE, selected: (id) => id === 'b' });
    seen.takeRecords().forEach((m) => changed.add(m.target));
    // The block, and its box, raised above the others for holding a selected block.
    expect([...changed]).toEqual([before[1], before[1]!.parentElement]);
    expect(before[1]!.classList.contains('selected')).toBe(true);
    expect(before[1]!.getAttribute('aria-pressed')).toBe('true');
    expect([...host.querySelectorAll('[data-occurrence-id]')]).toEqual(before);
    expect(document.activeElement).toBe(before[1]);
    seen.disconnect();
  });

  it('a changed item is computed again; an unchanged one under the same key is not', () => {
    const items = three();
    const looks = new Map<string, Look>();
    const { host, layer } = setup(looks);
    const key = {};
    layer.draw([{ key: '0:0', items }], key, NO_STATE);
    looks.set('a', { left: 50 });
    looks.set('b', { left: 70 });
    const moved = itemOf(items[1]!.block);
    layer.draw([{ key: '0:0', items: [items[0]!, moved, items[2]!] }], key, NO_STATE);
    const el = (id: string) => host.querySelector<HTMLElement>(`[data-occurrence-id="${id}"]`)!;
    expect(el('a').style.left).toBe('0px');
    expect(el('b').style.left).toBe('70px');
    // A new key (a zoom, a new layout) computes every block again.
    layer.draw([{ key: '0:0', items: [items[0]!, moved, items[2]!] }], {}, NO_STATE);
    expect(el('a').style.left).toBe('50px');
  });

  it('raises the box of a selected or moved block above the other boxes, and lowers it after', () => {
    const [a, b, c] = three() as [Item, Item, Item];
    let state = NO_STATE;
    const { host, layer } = setup(new Map(), [van], {}, () => state);
    const key = {};
    const raised = () => [...host.querySelectorAll('.chunk.raised')].map((box) => ids(box as HTMLElement));
    layer.draw([{ key: '0:0', items: [a, b] }, { key: '1:0', items: [c] }], key, state);
    expect(raised()).toEqual([]);
    state = { ...NO_STATE, selected: (id) => id === 'c' };
    layer.draw([{ key: '0:0', items: [a, b] }, { key: '1:0', items: [c] }], key, state);
    expect(raised()).toEqual([['c']]);
    // The block being moved is computed again on its own (refresh), and its box follows.
    state = { ...NO_STATE, selected: (id) => id === 'a' };
    layer.refresh(['c', 'a']);
    expect(raised()).toEqual([['a', 'b']]);
    state = NO_STATE;
    layer.draw([{ key: '0:0', items: [a, b] }, { key: '1:0', items: [c] }], key, state);
    expect(raised()).toEqual([]);
  });

  it('creates, orders and removes blocks and their boxes as the window moves', () => {
    const [a, b, c] = three() as [Item, Item, Item];
    const d = itemOf(blockOf('task', { id: 'd' }));
    const { host, layer } = setup(new Map([['b', { width: 40, roomRight: 200 }]]));
    const key = {};
    layer.draw([{ key: '0:0', items: [a, b] }, { key: '1:0', items: [c] }], key, NO_STATE);
    expect([...host.children].map((x) => x.className)).toEqual(['chunk', 'chunk']);
    expect(ids(host)).toEqual(['a', 'b', 'c']);
    const kept = host.querySelector('[data-occurrence-id="b"]')!;
    layer.draw([{ key: '1:0', items: [c, d] }, { key: '0:0', items: [b, a] }], key, NO_STATE);
    expect(ids(host)).toEqual(['c', 'd', 'b', 'a']);
    // The label beside b travels with it.
    expect(kept.nextElementSibling!.classList.contains('beside')).toBe(true);
    expect(host.querySelector('[data-occurrence-id="b"]')).toBe(kept);
    layer.draw([{ key: '1:0', items: [d] }], key, NO_STATE);
    expect(ids(host)).toEqual(['d']);
    expect(host.children).toHaveLength(1);
    expect(host.querySelector('.beside')).toBeNull();
  });

  it('parts come and go with the room a block has, in the markup order', () => {
    const item = itemOf(blockOf('task', { conflicted: true }));
    const looks = new Map<string, Look>([['o1', { width: 300 }]]);
    const { host, layer } = setup(looks);
    const parts = () => [...host.querySelector('[data-occurrence-id]')!.children].map((c) => c.className);
    layer.draw([{ key: '0:0', items: [item] }], {}, NO_STATE);
    expect(parts()).toEqual(['badge', 'name', 'time', 'handle']);
    const text = () => host.querySelector('[data-occurrence-id]')!.textContent;
    expect(text()).toBe(' !  Retail route 09:00–12:35 ');
    looks.set('o1', { width: 20 });
    layer.draw([{ key: '0:0', items: [item] }], {}, NO_STATE);
    expect(parts()).toEqual(['badge']);
    looks.set('o1', { width: 300 });
    layer.draw([{ key: '0:0', items: [item] }], {}, NO_STATE);
    expect(parts()).toEqual(['badge', 'name', 'time', 'handle']);
    expect(text()).toBe(' !  Retail route 09:00–12:35 ');
    looks.set('o1', { width: 8 });
    item.block.conflicted = false;
    layer.draw([{ key: '0:0', items: [itemOf(item.block)] }], {}, NO_STATE);
    expect(host.querySelector('[data-occurrence-id]')!.childNodes).toHaveLength(0);
  });

  it('one set of listeners on the container finds the block under any of its parts', async () => {
    const pointerdown = vi.fn();
    const dblclick = vi.fn();
    const hoverIn = vi.fn();
    const { host, layer } = setup(new Map(), [van], { pointerdown, dblclick, hoverIn });
    const [a] = three();
    layer.draw([{ key: '0:0', items: [a!] }], {}, NO_STATE);
    const el = host.querySelector<HTMLElement>('[data-occurrence-id]')!;
    const name = el.querySelector('.name')!;
    // Svelte's `on` adds pointer listeners a microtask later (a Chromium bug with cloned nodes).
    await tick();
    name.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    expect(pointerdown).toHaveBeenCalledWith(expect.anything(), a!.block, el);
    name.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(dblclick).toHaveBeenCalledWith(a!.block);
    // Moving from the block onto its own name is no crossing of its edge; coming from outside is.
    name.dispatchEvent(new MouseEvent('pointerover', { bubbles: true, relatedTarget: el }));
    expect(hoverIn).not.toHaveBeenCalled();
    el.dispatchEvent(new MouseEvent('pointerover', { bubbles: true, relatedTarget: host }));
    expect(hoverIn).toHaveBeenCalledTimes(1);
    host.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    expect(pointerdown).toHaveBeenCalledTimes(1);
  });
});
