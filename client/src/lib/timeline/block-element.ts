import type { TimelineBlock } from '../board/board-store.svelte';
import type { BlockFace } from './block-face';
import type { BlockSpot } from './block-spot';

/** Everything one block's markup is made of. */
export interface BlockLook {
  block: TimelineBlock;
  spot: BlockSpot;
  face: BlockFace;
  canEdit: boolean;
  /** Its tooltip is open (aria-describedby points at it). */
  described: boolean;
}

// The chip's warning sign: a constant, cloned (no data of the board in it).
const FLAG_SVG =
  '<svg width="10" height="10" viewBox="0 0 10 10"><path d="M5 0.5 9.5 9.5h-9z" fill="currentColor"></path><rect x="4.4" y="3.5" width="1.2" height="3.2" fill="#fff"></rect><rect x="4.4" y="7.3" width="1.2" height="1.2" fill="#fff"></rect></svg>';

let blockTemplate: HTMLDivElement | undefined;
let flagTemplate: HTMLSpanElement | undefined;

function span(cls: string, hidden: boolean): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  if (hidden) s.setAttribute('aria-hidden', 'true');
  return s;
}

function newHandle(): HTMLSpanElement {
  const h = span('handle', true);
  h.setAttribute('data-handle', 'resize');
  return h;
}

function newBadge(): HTMLSpanElement {
  const b = span('badge', true);
  b.textContent = '!';
  return b;
}

function newFlag(): HTMLSpanElement {
  if (!flagTemplate) {
    flagTemplate = span('flag', true);
    flagTemplate.innerHTML = FLAG_SVG;
  }
  return flagTemplate.cloneNode(true) as HTMLSpanElement;
}

function dropAll(nodes: readonly Node[] | null): null {
  for (const n of nodes ?? []) n.parentNode?.removeChild(n);
  return null;
}

/** The element's class list, as the block's states make it. */
function classOf({ block, spot, face, canEdit }: BlockLook): string {
  let c = `block kind-${block.kind}`;
  if (block.conflicted) c += ' conflicted';
  if (face.flag !== null) c += ' flagged';
  if (spot.selected) c += ' selected';
  if (spot.editing) c += ' editing';
  if (block.pending) c += ' pending';
  if (spot.highlighted) c += ' highlighted';
  if (spot.match === 'match') c += ' found';
  if (spot.match === 'miss') c += ' dimmed';
  if (spot.width < 48) c += ' narrow';
  if (face.stops.length > 0) c += ' has-stops';
  if (spot.remoteColor !== null) c += ' remote';
  if (canEdit) c += ' can-edit';
  return c;
}

function styleOf(s: BlockSpot): string {
  const shift = s.shiftX || s.shiftY ? `;transform:translate(${s.shiftX}px, ${s.shiftY}px)` : '';
  return `left:${s.left}px;top:${s.top}px;width:${s.width}px;height:${s.height}px${shift}${s.remoteColor === null ? '' : `;--remote:${s.remoteColor}`}`;
}

/**
 * One block's elements (the block, and the label beside it when its name is written there) and what
 * was last written to them, so a repaint writes only what changed and never re-creates the element
 * (keyboard focus stays on it). A sliver, most blocks of a full board, is the element alone (its
 * initials, no text of the button, WCAG 2.5.3, drawn from data-initials by CSS); else its stop marks,
 * conflict badge, asset chip, name, times and resize grip, each only where there is one: absent parts
 * are left out, not hidden (hidden spans on every block cost more style recalculation in a fling).
 */
export class BlockElement {
  readonly el: HTMLDivElement;
  beside: HTMLSpanElement | null = null;
  readonly #attrs = new Map<string, string | null>();
  #stops: HTMLSpanElement[] = [];
  #stopX: number[] = [];
  #badge: HTMLSpanElement | null = null;
  #flag: HTMLSpanElement | null = null;
  #name: HTMLSpanElement | null = null;
  #time: HTMLSpanElement | null = null;
  #handle: HTMLSpanElement | null = null;
  #style = '';
  #spaces: [Text, Text, Text] | null = null;
  #markSpaces: [Text, Text] | null = null;
  #besideStyle = '';

  constructor(id: string) {
    if (!blockTemplate) {
      blockTemplate = document.createElement('div');
      blockTemplate.setAttribute('role', 'button');
      blockTemplate.setAttribute('tabindex', '0');
    }
    this.el = blockTemplate.cloneNode() as HTMLDivElement;
    this.el.setAttribute('data-occurrence-id', id);
  }

  paint(look: BlockLook): void {
    const { block, spot, face, canEdit } = look;
    this.#set('class', classOf(look));
    const style = styleOf(spot);
    // Through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes.
    if (style !== this.#style) this.el.style.cssText = this.#style = style;
    this.#set('aria-label', face.label);
    this.#set('aria-pressed', spot.selected ? 'true' : 'false');
    this.#set('aria-roledescription', canEdit ? 'movable occurrence' : 'occurrence');
    this.#set('aria-describedby', look.described && !spot.editing ? `tip-${block.id}` : null);
    this.#set('data-label', face.place.mode);
    this.#set('data-initials', face.initials || null);
    // Children only where there is something inside: most blocks of a full board have none.
    const grip = canEdit && spot.width >= 24;
    const inner = face.inner || grip;
    const marks = inner && face.marks;
    // The parts sit between spaces, as Svelte wrote them (the visible text must read "name times",
    // the start of the accessible name: WCAG 2.5.3); a flex container draws no whitespace-only text.
    if (inner) this.#spaces ??= [this.#space(null), this.#space(null), this.#space(null)];
    const marksEnd = this.#spaces?.[0] ?? null;
    if (marks) this.#markSpaces ??= [this.#space(marksEnd), this.#space(marksEnd)];
    const [afterMarks, afterName, afterTime] = this.#spaces ?? [null, null, null];
    const [afterStops, afterBadge] = this.#markSpaces ?? [null, null];
    this.#handle = this.#part(this.#handle, grip, newHandle, null);
    this.#time = this.#text(this.#time, 'time', inner && face.showTime ? face.timeText : null, afterTime);
    this.#name = this.#text(this.#name, 'name', inner && face.nameText ? block.name : null, afterName);
    this.#flag = this.#part(this.#flag, marks && face.flag !== null, newFlag, afterMarks);
    if (this.#flag && face.flag) {
      const short = spot.width >= 120 ? face.flag.short : '';
      const words = this.#flag.lastChild;
      if (words instanceof Text) {
        if (words.data !== short) words.data = short;
      } else if (short) this.#flag.append(short);
    }
    this.#badge = this.#part(this.#badge, marks && block.conflicted, newBadge, afterBadge);
    this.#paintStops(marks ? face.stops : [], afterStops);
    if (!marks) this.#markSpaces = dropAll(this.#markSpaces);
    if (!inner) this.#spaces = dropAll(this.#spaces);
    this.#paintBeside(look);
  }

  remove(): void {
    this.el.remove();
    this.beside?.remove();
  }

  #set(name: string, value: string | null): void {
    if (this.#attrs.get(name) === value) return;
    this.#attrs.set(name, value);
    if (value === null) this.el.removeAttribute(name);
    else this.el.setAttribute(name, value);
  }

  #part(node: HTMLSpanElement | null, want: boolean, make: () => HTMLSpanElement, before: Node | null): HTMLSpanElement | null {
    if (!want) {
      node?.remove();
      return null;
    }
    if (node) return node;
    const made = make();
    this.el.insertBefore(made, before);
    return made;
  }

  #text(node: HTMLSpanElement | null, cls: 'name' | 'time', text: string | null, before: Node | null): HTMLSpanElement | null {
    const made = this.#part(node, text !== null, () => span(cls, false), before);
    if (made && text !== null && made.textContent !== text) made.textContent = text;
    return made;
  }

  #space(before: Node | null): Text {
    return this.el.insertBefore(document.createTextNode(' '), before);
  }

  #paintStops(xs: readonly number[], before: Node | null): void {
    while (this.#stops.length > xs.length) {
      this.#stops.pop()!.remove();
      this.#stopX.pop();
    }
    while (this.#stops.length < xs.length) {
      this.#stops.push(this.el.insertBefore(span('stop', true), before));
      this.#stopX.push(NaN);
    }
    xs.forEach((x, i) => {
      if (this.#stopX[i] !== x) this.#stops[i]!.style.left = `${(this.#stopX[i] = x)}px`;
    });
  }

  /** A name that does not fit is written just right of the block, on the row's background. */
  #paintBeside({ spot, face }: BlockLook): void {
    if (face.place.mode !== 'beside') {
      this.beside?.remove();
      this.beside = null;
      return;
    }
    if (!this.beside) {
      this.beside = span('beside', true);
      this.#besideStyle = '';
      this.el.after(this.beside);
    }
    const b = this.beside;
    b.classList.toggle('dimmed', spot.match === 'miss');
    const style = `left: ${spot.left + spot.width + 4}px; top: ${spot.top}px; height: ${spot.height}px; line-height: ${spot.height}px; max-width: ${Math.max(0, spot.roomRight - 8)}px;`;
    if (style !== this.#besideStyle) b.style.cssText = this.#besideStyle = style;
    if (b.textContent !== face.place.text) b.textContent = face.place.text;
  }
}
