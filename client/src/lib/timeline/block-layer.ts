import { on } from 'svelte/events';
import type { TimelineBlock } from '../board/board-store.svelte';
import type { BlockChunk } from './block-chunks';
import { BlockElement } from './block-element';
import type { BlockFace } from './block-face';
import type { BlockSpot } from './block-spot';
import type { VisibleItem } from './virtual-window';

type Item = VisibleItem<TimelineBlock>;

/** Where a mounted block is drawn and what it shows, computed by the board. */
export interface LayerSource {
  spot(it: Item): BlockSpot;
  face(block: TimelineBlock, spot: BlockSpot): BlockFace;
  canEdit(): boolean;
}

/** What a block shows that changes without moving it: looked up for every mounted block on each draw. */
export interface LayerState {
  openId: string | null;
  selected(id: string): boolean;
  highlighted(id: string): boolean;
  remoteColor(id: string): string | null;
}

/** What a block's events do, found from the one set of listeners on the container. */
export interface LayerEvents {
  pointerdown(e: PointerEvent, b: TimelineBlock, el: HTMLElement): void;
  keydown(e: KeyboardEvent, b: TimelineBlock): void;
  /** The pointer crossed into the block's edge (pointerover bubbles: moves between its own parts do not count). */
  hoverIn(e: PointerEvent, b: TimelineBlock, el: HTMLElement): void;
  hoverOut(b: TimelineBlock): void;
  focusin(b: TimelineBlock, spot: BlockSpot, el: HTMLElement): void;
  focusout(b: TimelineBlock): void;
  dblclick(b: TimelineBlock): void;
}

interface Entry {
  item: Item;
  spot: BlockSpot;
  face: BlockFace;
  view: BlockElement;
  described: boolean;
  pass: number;
  /** The box it is drawn in (null until first arranged). */
  box: Box | null;
}

interface Box {
  el: HTMLDivElement;
  /** The chunk its children were last put in order for. */
  chunk: BlockChunk<Item> | null;
  pass: number;
  /** It holds a selected or moved block, so it is drawn above the other boxes (class `raised`). */
  raised: boolean;
}

/**
 * The board's mounted blocks, drawn without a component per block: a Svelte component per block made
 * mounting them most of the open's script (10,000 occurrences: 1,125 blocks, ~170-260 ms). Keyed by
 * occurrence id, in boxes by window cell (BlockChunks): `draw` creates the new blocks, repaints those
 * whose inputs changed (each writes only the attributes and children that differ) and removes the
 * unmounted. An element is never re-created while its block stays mounted, so keyboard focus survives.
 */
export class BlockLayer {
  readonly #src: LayerSource;
  readonly #events: LayerEvents;
  #host: HTMLElement | null = null;
  readonly #entries = new Map<string, Entry>();
  readonly #boxes = new Map<string, Box>();
  #order: readonly string[] = [];
  #key: unknown = undefined;
  #state: LayerState = { openId: null, selected: () => false, highlighted: () => false, remoteColor: () => null };
  #pass = 0;

  constructor(src: LayerSource, events: LayerEvents) {
    this.#src = src;
    this.#events = events;
  }

  /** Draws into `host` and listens there; the returned cleanup empties it. */
  attach(host: HTMLElement): () => void {
    this.#host = host;
    // Svelte's `on`: a handler runs outside any effect (an event fired by an effect, such as the focus
    // leaving a block for a dialog it opens, must not make that effect depend on what the handler
    // reads) and in order with the handlers Svelte delegates.
    const listen = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K], entry: Entry) => void) =>
      on(host, type, (e) => {
        const entry = this.#find(e);
        if (entry) fn(e, entry);
      });
    const offs = [
      listen('pointerdown', (e, x) => this.#events.pointerdown(e, x.item.block, x.view.el)),
      listen('keydown', (e, x) => this.#events.keydown(e, x.item.block)),
      listen('pointerover', (e, x) => crossed(e, x) && this.#events.hoverIn(e, x.item.block, x.view.el)),
      listen('pointerout', (e, x) => crossed(e, x) && this.#events.hoverOut(x.item.block)),
      listen('focusin', (_e, x) => this.#events.focusin(x.item.block, x.spot, x.view.el)),
      listen('focusout', (_e, x) => this.#events.focusout(x.item.block)),
      listen('dblclick', (_e, x) => this.#events.dblclick(x.item.block)),
    ];
    return () => {
      for (const off of offs) off();
      for (const box of this.#boxes.values()) box.el.remove();
      this.#boxes.clear();
      this.#entries.clear();
      this.#order = [];
      this.#key = undefined;
      this.#host = null;
    };
  }

  /**
   * Draws the mounted blocks. `key` stands for everything a spot and a face are computed from but the
   * states in `state` (layout, scale, the reading of the board, assets, zone, rights): while it is the
   * same object, a block whose item is unchanged is only checked for those states, so a scroll step
   * costs its new blocks, not every mounted one again.
   */
  draw(chunks: readonly BlockChunk<Item>[], key: unknown, state: LayerState): void {
    const host = this.#host;
    if (!host) return;
    const full = key !== this.#key;
    this.#key = key;
    this.#state = state;
    const pass = ++this.#pass;
    for (const chunk of chunks) {
      let box = this.#boxes.get(chunk.key);
      if (!box) {
        const el = document.createElement('div');
        el.className = 'chunk';
        box = { el, chunk: null, pass, raised: false };
        this.#boxes.set(chunk.key, box);
      }
      box.pass = pass;
      let raised = false;
      for (const it of chunk.items) {
        let entry = this.#entries.get(it.block.id);
        if (!entry) entry = this.#create(it, pass);
        else {
          entry.pass = pass;
          this.#update(entry, it, full);
        }
        entry.box = box;
        raised ||= lifts(entry.spot);
      }
      this.#setRaised(box, raised);
    }
    for (const [id, entry] of this.#entries) {
      if (entry.pass === pass) continue;
      entry.view.remove();
      this.#entries.delete(id);
    }
    for (const [k, box] of this.#boxes) {
      if (box.pass === pass) continue;
      box.el.remove();
      this.#boxes.delete(k);
    }
    for (const chunk of chunks) {
      const box = this.#boxes.get(chunk.key)!;
      if (box.chunk === chunk) continue;
      box.chunk = chunk;
      arrange(box.el, chunk.items.flatMap((it) => this.#nodes(this.#entries.get(it.block.id)!)));
    }
    const order = chunks.map((c) => c.key);
    if (!sameKeys(order, this.#order)) arrange(host, order.map((k) => this.#boxes.get(k)!.el));
    this.#order = order;
  }

  /** Computes these blocks again (the one being moved follows the pointer: only it, not the board). */
  refresh(ids: Iterable<string | null>): void {
    for (const id of ids) {
      const entry = id === null ? undefined : this.#entries.get(id);
      if (!entry) continue;
      entry.spot = this.#src.spot(entry.item);
      entry.face = this.#src.face(entry.item.block, entry.spot);
      this.#paint(entry);
      const box = entry.box;
      if (box?.chunk) this.#setRaised(box, box.chunk.items.some((it) => lifts(this.#entries.get(it.block.id)?.spot)));
    }
  }

  /**
   * A box holding a selected or moved block goes above the others, so that block is drawn over its
   * neighbours in other boxes. A class set here, not a `:has()` rule in the CSS: Chromium checks such
   * a rule again on every block put into a box; without it a 10,000 fling's style time was lower in
   * each of 6 rounds taking turns (median 315 → 280 ms over two flings; 2026-12-01).
   */
  #setRaised(box: Box, up: boolean): void {
    if (up === box.raised) return;
    box.raised = up;
    box.el.classList.toggle('raised', up);
  }

  #create(it: Item, pass: number): Entry {
    const spot = this.#src.spot(it);
    const entry: Entry = { item: it, spot, face: this.#src.face(it.block, spot), view: new BlockElement(it.block.id), described: false, pass, box: null };
    this.#entries.set(it.block.id, entry);
    this.#paint(entry);
    return entry;
  }

  #update(entry: Entry, it: Item, full: boolean): void {
    const s = this.#state;
    const id = it.block.id;
    if (full || entry.item !== it) {
      entry.item = it;
      entry.spot = this.#src.spot(it);
      entry.face = this.#src.face(it.block, entry.spot);
    } else {
      const { spot } = entry;
      const selected = s.selected(id);
      const highlighted = s.highlighted(id);
      const remoteColor = s.remoteColor(id);
      const same = selected === spot.selected && highlighted === spot.highlighted && remoteColor === spot.remoteColor;
      if (same && (s.openId === id) === entry.described) return;
      if (!same) entry.spot = { ...spot, selected, highlighted, remoteColor };
    }
    this.#paint(entry);
  }

  #paint(entry: Entry): void {
    entry.described = this.#state.openId === entry.item.block.id;
    entry.view.paint({ block: entry.item.block, spot: entry.spot, face: entry.face, canEdit: this.#src.canEdit(), described: entry.described });
  }

  #nodes(entry: Entry): Node[] {
    const { el, beside } = entry.view;
    return beside ? [el, beside] : [el];
  }

  #find(e: Event): Entry | undefined {
    const el = e.target instanceof Element ? e.target.closest('[data-occurrence-id]') : null;
    const entry = el ? this.#entries.get(el.getAttribute('data-occurrence-id') ?? '') : undefined;
    return entry && entry.view.el === el ? entry : undefined;
  }
}

/** A selected or moved block raises its box (BlockLayer.#setRaised). */
function lifts(spot: BlockSpot | undefined): boolean {
  return spot !== undefined && (spot.selected || spot.editing);
}

function crossed(e: PointerEvent, entry: Entry): boolean {
  return !(e.relatedTarget instanceof Node && entry.view.el.contains(e.relatedTarget));
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * Puts `nodes` in `parent` in this order, moving only those out of place. An element holding the focus
 * is moved with moveBefore where the browser has it, which keeps the focus (a removal would drop it).
 */
function arrange(parent: Element, nodes: readonly Node[]): void {
  let ref = parent.firstChild;
  for (const node of nodes) {
    if (node === ref) {
      ref = node.nextSibling;
      continue;
    }
    const mover = parent as Element & { moveBefore?: (node: Node, child: Node | null) => void };
    if (mover.moveBefore && node.isConnected && node.contains(document.activeElement)) mover.moveBefore(node, ref);
    else parent.insertBefore(node, ref);
  }
}
