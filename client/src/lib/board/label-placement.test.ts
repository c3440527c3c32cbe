import { describe, expect, it } from 'vitest';
import { CHAR_PX, gapAfter, initials, INSIDE_PAD, placeLabel } from './label-placement';

describe('placeLabel', () => {
  const name = 'Retail route'; // 12 chars → 84 px
  it('draws the name inside when it fits', () => {
    expect(placeLabel(name, 12 * CHAR_PX + INSIDE_PAD, 0)).toEqual({ mode: 'inside', text: name });
  });
  it('counts what the badges take', () => {
    expect(placeLabel(name, 12 * CHAR_PX + INSIDE_PAD, 0, 16).mode).not.toBe('inside');
  });
  it('draws it beside the block when the next block leaves room', () => {
    expect(placeLabel(name, 30, 200)).toEqual({ mode: 'beside', text: name });
    expect(placeLabel(name, 30, Infinity).mode).toBe('beside');
  });
  it('ends a name beside the block with an ellipsis where the next block cuts it', () => {
    // 12 chars need 84 px + 16 px of gaps; 80 px leave room for 9 characters.
    expect(placeLabel(name, 20, 80)).toEqual({ mode: 'beside', text: 'Retail r…' });
    expect(placeLabel('Night round', 20, 77)).toEqual({ mode: 'beside', text: 'Night r…' });
    expect(placeLabel(name, 20, 12 * CHAR_PX + 16)).toEqual({ mode: 'beside', text: name });
  });
  it('shortens it with an ellipsis when nothing leaves room', () => {
    const p = placeLabel(name, 50, 20);
    expect(p.mode).toBe('abbreviated');
    expect(p.text.endsWith('…')).toBe(true);
    expect(p.text.length * CHAR_PX).toBeLessThanOrEqual(50);
    expect(name.startsWith(p.text.slice(0, -1))).toBe(true);
  });
  it('falls back to initials on a sliver', () => {
    expect(placeLabel(name, 20, 0)).toEqual({ mode: 'abbreviated', text: 'RR' });
    expect(placeLabel(name, 12, 0)).toEqual({ mode: 'abbreviated', text: 'R' });
    expect(placeLabel(name, 4, 0)).toEqual({ mode: 'abbreviated', text: '' });
    // Beside, clipped, when five letters fit there; too thin even for initials: they go beside it.
    expect(placeLabel(name, 20, 60)).toEqual({ mode: 'beside', text: 'Retai…' });
    expect(placeLabel(name, 6, 40)).toEqual({ mode: 'beside', text: 'RR' });
  });
});

describe('initials', () => {
  it('takes the first letter of each word', () => {
    expect(initials('night patrol – gate')).toBe('NP–G');
    expect(initials('Van-check')).toBe('VC');
  });
});

describe('gapAfter', () => {
  const row = [
    { id: 'a', start: 0 },
    { id: 'b', start: 100 },
    { id: 'c', start: 100 },
    { id: 'd', start: 300 },
  ];
  it('measures to the next block starting at or after the end', () => {
    expect(gapAfter(row, { id: 'a', end: 60 })).toBe(40);
    expect(gapAfter(row, { id: 'b', end: 200 })).toBe(100);
    expect(gapAfter(row, { id: 'a', end: 100 })).toBe(0);
  });
  it('skips the block itself and is Infinity at the end of the row', () => {
    expect(gapAfter(row, { id: 'd', end: 300 })).toBe(Infinity);
    expect(gapAfter(row, { id: 'd', end: 400 })).toBe(Infinity);
  });
});
