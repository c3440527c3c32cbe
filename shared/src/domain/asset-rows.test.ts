import { describe, expect, it } from 'vitest';
import { ASSET_KIND_ORDER, compareAssetCodes, firstRowAssets } from './asset-rows';
import { ASSET_KINDS } from './asset-states';

const a = (code: string, kind: (typeof ASSET_KINDS)[number]) => ({ id: `${kind}:${code}`, code, kind });

describe('firstRowAssets (the timeline row order the first view is asked by)', () => {
  it('groups by kind in rail order, then by code with numbers compared as numbers', () => {
    const assets = [a('S-1', 'site'), a('V-10', 'vehicle'), a('P-2', 'person'), a('C-1', 'checkpoint'), a('V-2', 'vehicle'), a('E-1', 'equipment'), a('P-10', 'person'), a('P-1', 'person')];
    expect(firstRowAssets(assets, 100).map((x) => x.code)).toEqual(['P-1', 'P-2', 'P-10', 'V-2', 'V-10', 'E-1', 'S-1', 'C-1']);
    expect(firstRowAssets(assets, 3).map((x) => x.code)).toEqual(['P-1', 'P-2', 'P-10']);
  });

  it('takes none for 0 or less, all of a shorter list, and leaves its input alone', () => {
    const assets = [a('V-2', 'vehicle'), a('P-1', 'person')];
    expect(firstRowAssets(assets, 0)).toEqual([]);
    expect(firstRowAssets(assets, -3)).toEqual([]);
    expect(firstRowAssets(assets, 5).map((x) => x.code)).toEqual(['P-1', 'V-2']);
    expect(assets.map((x) => x.code)).toEqual(['V-2', 'P-1']);
  });

  it('orders every asset kind', () => {
    expect([...ASSET_KIND_ORDER].sort()).toEqual([...ASSET_KINDS].sort());
    expect(compareAssetCodes('B-009', 'B-010')).toBeLessThan(0);
    expect(compareAssetCodes('V-9', 'V-10')).toBeLessThan(0);
  });

  it('compares codes as localeCompare with numeric collation does, on one reused collator', () => {
    const parts = ['A', 'a', 'Ä', 'V-', 'v-', '-', ' ', '0', '7', '10', '007', 'ß', 'Ω', '東', '😀', '\u0000'];
    const codes: string[] = [];
    for (let i = 0; i < 400; i++) codes.push(Array.from({ length: 1 + (i % 4) }, (_, k) => parts[(i * 7 + k * 13) % parts.length]).join(''));
    for (const x of codes.slice(0, 60)) for (const y of codes) expect(Math.sign(compareAssetCodes(x, y)), `${x} ? ${y}`).toBe(Math.sign(x.localeCompare(y, undefined, { numeric: true })));
  });
});
