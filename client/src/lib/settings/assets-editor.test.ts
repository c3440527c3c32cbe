import { describe, expect, it } from 'vitest';
import type { AssetDto, CreateAssetBody } from '@schedhuler/shared';
import { ApiError } from '../api';
import { AssetsEditor } from './assets-editor.svelte';

const van = (p: Partial<AssetDto> = {}): AssetDto => ({ id: 'a1', boardId: 'b1', code: 'VAN-1', name: 'Van 1', kind: 'vehicle', status: 'working', version: 2, ...p });

/** BoardSettings' asset writes, answering from a queue: an asset, or an error to throw. */
function setup(answers: (AssetDto | Error)[], current = new Map<string, AssetDto>()) {
  const said: string[] = [];
  const calls: unknown[] = [];
  const next = () => {
    const a = answers.shift();
    if (!a || a instanceof Error) throw a ?? new Error('no answer queued');
    return a;
  };
  const settings = {
    store: { assetsById: current },
    createAsset: async (body: CreateAssetBody) => (calls.push(body), next()),
    patchAsset: async (asset: AssetDto, body: object) => (calls.push({ id: asset.id, ...body }), next()),
  };
  return { editor: new AssetsEditor(settings, (t) => void said.push(t)), said, calls };
}

const taken = new ApiError({ status: 409, code: 'already_exists', message: 'code already used', details: [{ path: 'code', message: 'is already used on this board' }] });
const stale = new ApiError({ status: 409, code: 'stale_version', message: 'stale', details: { current: van({ name: 'Van One', version: 3 }) } });

describe('AssetsEditor', () => {
  it('a new asset is checked before sending: an empty code never reaches the API', async () => {
    const t = setup([]);
    t.editor.draft.name = 'Van 9';
    await t.editor.create();
    expect(Object.keys(t.editor.createErrors)).toContain('code');
    expect(t.calls).toEqual([]);
  });

  it('a created asset is announced and the form starts over with the same kind', async () => {
    const t = setup([van({ code: 'VAN-9', name: 'Van 9' })]);
    t.editor.draft = { code: 'VAN-9', name: 'Van 9', kind: 'vehicle', status: 'standby' };
    await t.editor.create();
    expect(t.calls).toEqual([{ code: 'VAN-9', name: 'Van 9', kind: 'vehicle', status: 'standby' }]);
    expect(t.said).toEqual(['Asset VAN-9 Van 9 created']);
    expect(t.editor.draft).toEqual({ code: '', name: '', kind: 'vehicle', status: 'working' });
    expect(t.editor.creating).toBe(false);
  });

  it("the API's refusal of a code lands at the code field, not above the form", async () => {
    const t = setup([taken]);
    t.editor.draft = { code: 'VAN-1', name: 'Van again', kind: 'vehicle', status: 'working' };
    await t.editor.create();
    expect(t.editor.createErrors).toEqual({ code: 'is already used on this board' });
    expect(t.editor.createError).toBeNull();
    expect(t.editor.draft.code).toBe('VAN-1');
  });

  it('an edit is saved with its name and status, then closed', async () => {
    const t = setup([van({ name: 'Van North', version: 3 })]);
    t.editor.startEdit(van());
    t.editor.editing!.name = 'Van North';
    await t.editor.saveEdit(van());
    expect(t.calls).toEqual([{ id: 'a1', name: 'Van North', status: 'working' }]);
    expect(t.editor.editing).toBeNull();
    expect(t.said).toEqual(['Asset VAN-1 saved']);
  });

  it('a stale edit stays open on the version the server holds and the row says why', async () => {
    const t = setup([stale], new Map([['a1', van({ name: 'Van One', version: 3 })]]));
    t.editor.startEdit(van());
    t.editor.editing!.name = 'Mine';
    await t.editor.saveEdit(van());
    expect(t.editor.editing).toEqual({ id: 'a1', name: 'Van One', status: 'working' });
    expect(t.editor.rowError?.id).toBe('a1');
    expect(t.editor.rowError?.message).toMatch(/^Someone else changed this meanwhile/);
    expect(t.said[0]).toMatch(/^Not saved\. Someone else changed this/);
    expect(t.editor.busy).toBeNull();
  });

  it('retiring asks first; the answer closes the question and sends "scrapped"', async () => {
    const t = setup([van({ status: 'scrapped', version: 3 })]);
    t.editor.confirmingRetire = 'a1';
    await t.editor.retire(van());
    expect(t.editor.confirmingRetire).toBeNull();
    expect(t.calls).toEqual([{ id: 'a1', status: 'scrapped' }]);
    expect(t.said).toEqual(['VAN-1 Van 1 retired']);
  });
});
