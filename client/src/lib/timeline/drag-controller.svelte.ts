import { DRAG_THRESHOLD_PX, keyboardStep, proposeDrag, samePlacement } from './drag-maths';
import type { DragMode, Placement } from './drag-maths';
import { overlapsAt } from './overlap';
import type { Booked } from './overlap';
import { snapTime } from './time-scale';

/** What the controller needs of a block. */
export interface DraggableBlock {
  id: string;
  assetId: string;
  start: number;
  end: number;
  pending: boolean;
}

/** The timeline view as the controller sees it: geometry lookups and the callbacks of its owner. */
export interface DragHost {
  canEdit(): boolean;
  snapMin(): number;
  /** The instant under a client x, under the content as it is scrolled right now. */
  timeAtClientX(x: number): number;
  /** The asset row under a client y, or null. */
  assetAtClientY(y: number): string | null;
  /** Rows a block of `assetId` may move to, in order (same kind, bookable). */
  sameKindOrder(assetId: string): string[];
  /** Loaded occurrences of an asset that may overlap [start, end). */
  neighbours(assetId: string, start: number, end: number): Iterable<Booked>;
  describe(p: Placement): string;
  ensureVisible(p: Placement): void;
  select(id: string | null): void;
  onCommit(id: string, p: Placement): void;
  onAnnounce?(text: string): void;
  onDragStart?(id: string): void;
  onDragMove?(id: string, p: Placement): void;
  onDragEnd?(id: string, committed: boolean): void;
  onOpen?(id: string): void;
  onCreateAt?(assetId: string, at: number, durationMin: number): void;
}

export interface PointerLike {
  pointerId: number;
  clientX: number;
  clientY: number;
  button?: number;
}

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  preventDefault(): void;
}

interface Edit {
  id: string;
  via: 'pointer' | 'keyboard';
  mode: DragMode;
  origin: Placement;
  pointerId?: number;
  startX?: number;
  startY?: number;
  /** The instant under the pointer when it was pressed: the drag moves by pointer time minus this. */
  startT?: number;
}

export interface RangeSelection {
  assetId: string;
  top: number;
  height: number;
  from: number;
  to: number;
  pointerId: number;
}

/**
 * The drag / resize / keyboard-move / range-select state machine of the timeline. State is split so a
 * pointer move touches only the placement of the one block being dragged.
 */
export class DragController {
  edit = $state.raw<Edit | null>(null);
  placement = $state.raw<Placement | null>(null);
  dragging = $state(false);
  /** Scheduled neighbours the current placement would overlap: a drop now would be refused. */
  overlaps = $state.raw<Booked[]>([]);
  range = $state.raw<RangeSelection | null>(null);
  #last: PointerLike | null = null;

  constructor(private readonly host: DragHost) {}

  get refused(): boolean {
    return this.overlaps.length > 0;
  }

  /** The block being edited, if any. */
  get editingId(): string | null {
    return this.edit?.id ?? null;
  }

  pointerDown(e: PointerLike, b: DraggableBlock, mode: DragMode): boolean {
    if ((e.button ?? 0) !== 0 || this.edit) return false;
    this.host.select(b.id);
    if (!this.host.canEdit() || b.pending) return false;
    const origin = { assetId: b.assetId, start: b.start, end: b.end };
    this.edit = { id: b.id, via: 'pointer', mode, origin, pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, startT: this.host.timeAtClientX(e.clientX) };
    this.#set(origin);
    this.#last = e;
    return true;
  }

  /** Returns true while a pointer drag is under way (past the threshold). */
  pointerMove(e: PointerLike): boolean {
    this.#rangeMove(e);
    const edit = this.edit;
    if (!edit || edit.via !== 'pointer' || edit.pointerId !== e.pointerId) return false;
    this.#last = e;
    if (!this.dragging && Math.abs(e.clientX - edit.startX!) < DRAG_THRESHOLD_PX && Math.abs(e.clientY - edit.startY!) < DRAG_THRESHOLD_PX) return false;
    if (!this.dragging) this.host.onDragStart?.(edit.id);
    this.dragging = true;
    this.reproject();
    return true;
  }

  /** Recomputes the placement from the last pointer position (after the board scrolled under it). */
  reproject(): void {
    const edit = this.edit;
    const e = this.#last;
    if (!edit || edit.via !== 'pointer' || !e || !this.dragging) return;
    const target = this.host.assetAtClientY(e.clientY);
    const allowed = target && this.host.sameKindOrder(edit.origin.assetId).includes(target) ? target : null;
    const next = proposeDrag(edit.origin, edit.mode, this.host.timeAtClientX(e.clientX) - edit.startT!, allowed, this.host.snapMin());
    if (!this.placement || !samePlacement(this.placement, next)) {
      this.#set(next);
      this.host.onDragMove?.(edit.id, next);
    }
  }

  pointerUp(e: PointerLike): void {
    this.#rangeEnd(e, true);
    if (this.edit?.via === 'pointer' && this.edit.pointerId === e.pointerId) this.finish(this.dragging);
  }

  pointerCancel(e: PointerLike): void {
    this.#rangeEnd(e, false);
    if (this.edit?.via === 'pointer' && this.edit.pointerId === e.pointerId) this.finish(false);
  }

  /** Escape anywhere: drops a range selection and a pointer drag (keyboard moves handle their own). */
  escape(): boolean {
    const had = this.range !== null || this.edit?.via === 'pointer';
    this.range = null;
    if (this.edit?.via === 'pointer') this.finish(false);
    return had;
  }

  /** A key on a focused block. Returns true when it was handled. */
  key(e: KeyLike, b: DraggableBlock & { jobId?: string }): boolean {
    const edit = this.edit;
    if (e.key === 'Escape') {
      if (!edit) return false;
      e.preventDefault();
      this.finish(false);
      return true;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (edit?.via === 'keyboard') {
        const changed = this.placement && !samePlacement(edit.origin, this.placement);
        this.finish(true);
        if (!changed) this.host.onAnnounce?.('Nothing to save');
      } else if (!edit && e.key === 'Enter') this.host.onOpen?.(b.id);
      else if (!edit) this.host.select(b.id);
      return true;
    }
    if (!this.host.canEdit() || b.pending || (edit && edit.id !== b.id) || edit?.via === 'pointer') return false;
    const current = edit && this.placement ? this.placement : { assetId: b.assetId, start: b.start, end: b.end };
    const next = keyboardStep(current, e, this.host.snapMin(), this.host.sameKindOrder(b.assetId));
    if (!next) return false;
    e.preventDefault();
    if (!edit) {
      this.edit = { id: b.id, via: 'keyboard', mode: e.shiftKey ? 'resize' : 'move', origin: current };
      this.host.onDragStart?.(b.id);
    }
    this.host.select(b.id);
    this.#set(next);
    this.host.onDragMove?.(b.id, next);
    const warn = this.refused ? ' Overlaps a booking: saving would be refused.' : '';
    this.host.onAnnounce?.(`${this.host.describe(next)}.${warn} Enter to save, Escape to cancel.`);
    queueMicrotask(() => this.host.ensureVisible(next));
    return true;
  }

  /** Moving focus away abandons an unsaved keyboard move rather than saving it by surprise. */
  blur(id: string): void {
    if (this.edit?.via === 'keyboard' && this.edit.id === id) this.finish(false);
  }

  finish(commit: boolean): void {
    const e = this.edit;
    const p = this.placement;
    const wasDragging = this.dragging;
    this.edit = null;
    this.placement = null;
    this.dragging = false;
    this.overlaps = [];
    this.#last = null;
    if (!e || !p) return;
    const changed = !samePlacement(e.origin, p);
    // Pointer drags announce themselves once past the threshold; keyboard moves from the first step.
    if (e.via === 'keyboard' || wasDragging) this.host.onDragEnd?.(e.id, commit && changed);
    if (commit && changed) this.host.onCommit(e.id, p);
    else if (e.via === 'keyboard' && !commit) this.host.onAnnounce?.('Move cancelled');
  }

  /** Press on an empty stretch of a row: starts selecting a range to create something in. */
  rangeDown(e: PointerLike, row: { assetId: string; top: number; height: number }): void {
    const t = snapTime(this.host.timeAtClientX(e.clientX), this.host.snapMin());
    this.range = { ...row, from: t, to: t, pointerId: e.pointerId };
  }

  #rangeMove(e: PointerLike): void {
    if (!this.range || this.range.pointerId !== e.pointerId) return;
    const to = snapTime(this.host.timeAtClientX(e.clientX), this.host.snapMin());
    if (to !== this.range.to) this.range = { ...this.range, to };
  }

  #rangeEnd(e: PointerLike, create: boolean): void {
    const r = this.range;
    if (!r || r.pointerId !== e.pointerId) return;
    this.range = null;
    const minutes = Math.abs(r.to - r.from) / 60_000;
    if (create && minutes >= this.host.snapMin()) this.host.onCreateAt?.(r.assetId, Math.min(r.from, r.to), minutes);
  }

  #set(p: Placement): void {
    this.placement = p;
    const id = this.edit?.id ?? '';
    const hits = overlapsAt(p, id, this.host.neighbours(p.assetId, p.start, p.end));
    // Same neighbours as before: keep the array so nothing that draws them re-renders.
    if (hits.length !== this.overlaps.length || hits.some((h, i) => h !== this.overlaps[i])) this.overlaps = hits;
  }
}
