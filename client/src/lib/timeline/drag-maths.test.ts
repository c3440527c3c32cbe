import { describe, expect, it } from 'vitest';
import { keyboardStep, proposeDrag, samePlacement } from './drag-maths';
import type { Placement } from './drag-maths';

const M = 60_000;
const origin: Placement = { assetId: 'v1', start: 600 * M, end: 660 * M };

describe('drag maths', () => {
  it('moves with snapping and keeps the duration', () => {
    expect(proposeDrag(origin, 'move', 7 * M, 'v2', 5)).toEqual({ assetId: 'v2', start: 605 * M, end: 665 * M });
    expect(proposeDrag(origin, 'move', 7 * M, null, 15)).toEqual({ assetId: 'v1', start: 600 * M, end: 660 * M });
    expect(proposeDrag(origin, 'move', 8 * M, null, 15)).toEqual({ assetId: 'v1', start: 615 * M, end: 675 * M });
    expect(proposeDrag(origin, 'move', -61 * M, null, 5)).toEqual({ assetId: 'v1', start: 540 * M, end: 600 * M });
  });

  it('resizes the end only, never below one snap step', () => {
    expect(proposeDrag(origin, 'resize', 22 * M, 'v2', 15)).toEqual({ assetId: 'v1', start: 600 * M, end: 675 * M });
    expect(proposeDrag(origin, 'resize', -300 * M, null, 15)).toEqual({ assetId: 'v1', start: 600 * M, end: 615 * M });
  });

  it('moves by keyboard one snap step at a time', () => {
    expect(keyboardStep(origin, { key: 'ArrowRight', shiftKey: false }, 15, ['v1'])).toEqual({ assetId: 'v1', start: 615 * M, end: 675 * M });
    expect(keyboardStep(origin, { key: 'ArrowLeft', shiftKey: false }, 5, ['v1'])).toEqual({ assetId: 'v1', start: 595 * M, end: 655 * M });
  });

  it('resizes by Shift+arrows', () => {
    expect(keyboardStep(origin, { key: 'ArrowRight', shiftKey: true }, 15, ['v1'])).toEqual({ assetId: 'v1', start: 600 * M, end: 675 * M });
    const short = { assetId: 'v1', start: 600 * M, end: 615 * M };
    expect(keyboardStep(short, { key: 'ArrowLeft', shiftKey: true }, 15, ['v1'])).toEqual(short);
  });

  it('changes rows with up and down within the allowed assets', () => {
    const order = ['v0', 'v1', 'v2'];
    expect(keyboardStep(origin, { key: 'ArrowDown', shiftKey: false }, 15, order)?.assetId).toBe('v2');
    expect(keyboardStep(origin, { key: 'ArrowUp', shiftKey: false }, 15, order)?.assetId).toBe('v0');
    expect(keyboardStep({ ...origin, assetId: 'v0' }, { key: 'ArrowUp', shiftKey: false }, 15, order)?.assetId).toBe('v0');
    expect(keyboardStep(origin, { key: 'a', shiftKey: false }, 15, order)).toBeNull();
  });

  it('compares placements', () => {
    expect(samePlacement(origin, { ...origin })).toBe(true);
    expect(samePlacement(origin, { ...origin, assetId: 'x' })).toBe(false);
  });
});
