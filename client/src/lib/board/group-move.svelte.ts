import { compareAssetCodes, UNBOOKABLE_STATUSES } from '@schedhuler/shared';
import type { BoardStore } from './board-store.svelte';
import type { LiveConnection } from './live-connection.svelte';
import { shifted } from './clipboard';
import { withEntries, withoutKeys } from './id-sets';
import type { Placement } from '../timeline/drag-maths';
import { DRAG_THRESHOLD_PX } from '../timeline/drag-maths';
import { snapTime } from '../timeline/time-scale';
import { formatHm } from '../timeline/zone';

export type Moves = (Placement & { id: string })[];
export type GroupLive = Pick<LiveConnection, 'dragStart' | 'dragMoveMany' | 'dragEndMany'>;

interface Group {
  ids: string[];
  base: Moves;
  via: 'pointer' | 'keyboard';
  pointerId?: number;
  x?: number;
  y?: number;
  origin?: { at: number };
  started: boolean;
  moves: Moves;
  delta: number;
}

export interface GroupMoveDeps {
  store: BoardStore;
  live: () => GroupLive | null;
  snapMin: () => number;
  /** Saves the moves; answers the text to show ("Not …" when refused). */
  moveMany: (moves: Moves) => Promise<string>;
  /** A result worth a notice (saved, refused, cancelled). */
  say: (text: string) => void;
  /** A step worth reading out only. */
  announce: (text: string) => void;
}

/**
 * A drag or keyboard move of the whole selection, previewed through the store's optimistic layer
 * (its overrides) and shown to the others as ghosts until it is saved or given up.
 */
export class GroupMove {
  /** Plain, not reactive: only event handlers read it. */
  #g: Group | null = null;
  readonly #d: GroupMoveDeps;

  constructor(deps: GroupMoveDeps) {
    this.#d = deps;
  }

  get active(): boolean {
    return this.#g !== null;
  }

  get via(): 'pointer' | 'keyboard' | null {
    return this.#g?.via ?? null;
  }

  /** Ids being moved (empty when idle). */
  get ids(): readonly string[] {
    return this.#g?.ids ?? [];
  }

  get started(): boolean {
    return this.#g?.started ?? false;
  }

  /** A pointer pressed on a member of the selection; it moves once it goes past the drag threshold. */
  startPointer(ids: string[], pointerId: number, x: number, y: number, at: number): void {
    this.#g = { ...this.#start(ids, 'pointer'), pointerId, x, y, origin: { at } };
  }

  /** An arrow key on a member of the selection: starts a keyboard move and takes the first step. */
  startKeyboard(ids: string[], key: string): void {
    this.#g = this.#start(ids, 'keyboard');
    this.step(key);
  }

  /** Whether this pointer drives the current move. */
  ownsPointer(pointerId: number): boolean {
    const g = this.#g;
    return g !== null && g.via === 'pointer' && g.pointerId === pointerId;
  }

  /** `pointAt` is asked only once the pointer has gone past the threshold. */
  pointerMove(pointerId: number, x: number, y: number, pointAt: () => { assetId: string; at: number } | null): void {
    const g = this.#g;
    if (!g || !this.ownsPointer(pointerId)) return;
    if (!g.started && Math.abs(x - g.x!) < DRAG_THRESHOLD_PX && Math.abs(y - g.y!) < DRAG_THRESHOLD_PX) return;
    this.#begin(g);
    const point = pointAt();
    if (!point) return;
    const delta = snapTime(point.at - g.origin!.at, this.#d.snapMin());
    const row = this.#oneRow(g) && this.#sameKindRows(g.base[0]!.assetId).includes(point.assetId) ? point.assetId : undefined;
    if (delta !== g.delta || (row && row !== g.moves[0]!.assetId)) this.#preview(g, delta, row);
  }

  /** Drops a pointer move that never passed the threshold (a click); answers the ids it held. */
  abandonClick(): string[] {
    const ids = this.#g?.ids ?? [];
    this.#g = null;
    return ids;
  }

  /** Left/Right move in time by the snap; Up/Down change row (only when everything is on one row). */
  step(key: string): void {
    const g = this.#g;
    if (!g) return;
    this.#begin(g);
    const snapMin = this.#d.snapMin();
    let row: string | undefined = g.moves[0]!.assetId;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      this.#preview(g, g.delta + (key === 'ArrowRight' ? 1 : -1) * snapMin * 60_000, this.#oneRow(g) ? row : undefined);
    } else if (this.#oneRow(g)) {
      const rows = this.#sameKindRows(g.base[0]!.assetId);
      const i = rows.indexOf(row) + (key === 'ArrowDown' ? 1 : -1);
      if (i < 0 || i >= rows.length) return;
      row = rows[i]!;
      this.#preview(g, g.delta, row);
    } else {
      this.#d.announce('These occurrences are on different rows: move them in time with Left and Right');
      return;
    }
    const store = this.#d.store;
    const zone = store.board?.timezone ?? 'UTC';
    const first = g.moves[0]!;
    const asset = store.assetsById.get(first.assetId);
    this.#d.announce(`${g.ids.length} occurrences, first at ${asset ? `${asset.name} ` : ''}${formatHm(first.start, zone)}. Enter to save, Escape to cancel.`);
  }

  /** Saves the move (commit) or gives it up; the preview stays until the server has answered. */
  async finish(commit: boolean): Promise<void> {
    const g = this.#g;
    this.#g = null;
    if (!g) return;
    const live = this.#d.live();
    const changed = g.moves.some((m, k) => m.start !== g.base[k]!.start || m.assetId !== g.base[k]!.assetId);
    if (!commit || !changed) {
      this.#dropPreview(g.ids);
      if (g.started) live?.dragEndMany(g.ids, false);
      if (g.via === 'keyboard' && g.started) this.#d.say(commit ? 'Nothing to save' : 'Move cancelled');
      return;
    }
    const text = await this.#d.moveMany(g.moves);
    this.#dropPreview(g.ids);
    this.#d.live()?.dragEndMany(g.ids, !text.startsWith('Not'));
    this.#d.say(text);
  }

  #start(ids: string[], via: 'pointer' | 'keyboard'): Group {
    const base = this.#placements(ids);
    return { ids: base.map((m) => m.id), base, via, started: false, moves: base, delta: 0 };
  }

  #begin(g: Group) {
    if (g.started) return;
    g.started = true;
    const live = this.#d.live();
    for (const id of g.ids) live?.dragStart(id);
  }

  #placements(ids: string[]): Moves {
    return ids.flatMap((id) => {
      const b = this.#d.store.blocksById.get(id);
      return b ? [{ id, assetId: b.assetId, start: b.start, end: b.end }] : [];
    });
  }

  /** Rows a one-row selection may move to: its kind, bookable, in the rail's order. */
  #sameKindRows(assetId: string): string[] {
    const store = this.#d.store;
    const kind = store.assetsById.get(assetId)?.kind;
    return store.assets
      .filter((a) => a.kind === kind && (a.id === assetId || !UNBOOKABLE_STATUSES.includes(a.status)))
      .sort((a, b) => compareAssetCodes(a.code, b.code))
      .map((a) => a.id);
  }

  #oneRow(g: Group): boolean {
    return g.base.every((m) => m.assetId === g.base[0]!.assetId);
  }

  #preview(g: Group, delta: number, assetId?: string) {
    const store = this.#d.store;
    g.delta = delta;
    g.moves = shifted(g.base, delta, assetId);
    store.overrides = withEntries(store.overrides, g.moves.map((m) => [m.id, { assetId: m.assetId, start: m.start, end: m.end }] as const));
    this.#d.live()?.dragMoveMany(g.moves);
  }

  #dropPreview(ids: string[]) {
    this.#d.store.overrides = withoutKeys(this.#d.store.overrides, ids);
  }
}
