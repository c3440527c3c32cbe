import { createAssetBody, patchAssetBody, type AssetDto, type AssetKind, type AssetStatus } from '@schedhuler/shared';
import { apiFieldErrors, apiFormMessage } from '../forms/api-field-errors';
import type { BoardSettings } from './board-settings.svelte';
import { check } from './board-draft';

export const KIND_LABEL: Record<AssetKind, string> = { person: 'Person', vehicle: 'Vehicle', equipment: 'Equipment', checkpoint: 'Checkpoint', site: 'Site' };
export const STATUS_LABEL: Record<AssetStatus, string> = { working: 'Working', standby: 'Standby', maintenance: 'Maintenance', scrapped: 'Retired' };

export interface AssetDraft {
  code: string;
  name: string;
  kind: AssetKind;
  status: AssetStatus;
}

type Settings = Pick<BoardSettings, 'createAsset' | 'patchAsset'> & { store: Pick<BoardSettings['store'], 'assetsById'> };

/**
 * The assets screen's forms: a new asset, the one row being edited (name, status), the quick status
 * buttons and the retire question. Errors stay at their field or row; each outcome is read out.
 */
export class AssetsEditor {
  draft = $state<AssetDraft>({ code: '', name: '', kind: 'person', status: 'working' });
  createErrors = $state<Record<string, string>>({});
  createError = $state<string | null>(null);
  creating = $state(false);

  editing = $state<{ id: string; name: string; status: AssetStatus } | null>(null);
  editErrors = $state<Record<string, string>>({});
  rowError = $state<{ id: string; message: string } | null>(null);
  confirmingRetire = $state<string | null>(null);
  /** The asset whose request is under way. */
  busy = $state<string | null>(null);

  readonly #settings: Settings;
  readonly #announce: (text: string) => void;

  constructor(settings: Settings, announce: (text: string) => void) {
    this.#settings = settings;
    this.#announce = announce;
  }

  /** Checked against the shared schema first; the API's field errors land at the same fields. */
  async create(): Promise<void> {
    this.createError = null;
    this.createErrors = check(createAssetBody, this.draft);
    if (Object.keys(this.createErrors).length > 0) return;
    this.creating = true;
    try {
      const a = await this.#settings.createAsset({ ...this.draft });
      this.#announce(`Asset ${a.code} ${a.name} created`);
      // The next one is likely of the same kind.
      this.draft = { code: '', name: '', kind: this.draft.kind, status: 'working' };
    } catch (err) {
      this.createErrors = apiFieldErrors(err);
      this.createError = Object.keys(this.createErrors).length > 0 ? null : apiFormMessage(err);
    } finally {
      this.creating = false;
    }
  }

  startEdit(a: AssetDto): void {
    this.editing = { id: a.id, name: a.name, status: a.status };
    this.editErrors = {};
    this.rowError = null;
  }

  cancelEdit(): void {
    this.editing = null;
    this.editErrors = {};
  }

  async saveEdit(a: AssetDto): Promise<void> {
    const editing = this.editing;
    if (!editing) return;
    this.editErrors = check(patchAssetBody, { name: editing.name, status: editing.status, expectedVersion: a.version });
    if (Object.keys(this.editErrors).length > 0) return;
    if (await this.patch(a, { name: editing.name, status: editing.status }, `Asset ${a.code} saved`)) this.editing = null;
  }

  async retire(a: AssetDto): Promise<void> {
    this.confirmingRetire = null;
    await this.patch(a, { status: 'scrapped' }, `${a.code} ${a.name} retired`);
  }

  /** True when saved. A stale edit starts over from the version the server holds now. */
  async patch(a: AssetDto, body: { name?: string; status?: AssetStatus }, done: string): Promise<boolean> {
    this.rowError = null;
    this.busy = a.id;
    try {
      await this.#settings.patchAsset(a, body);
      this.#announce(done);
      return true;
    } catch (e) {
      const fields = apiFieldErrors(e);
      const hasFields = Object.keys(fields).length > 0;
      const editingThis = this.editing?.id === a.id;
      if (editingThis && hasFields) this.editErrors = fields;
      else this.rowError = { id: a.id, message: apiFormMessage(e) };
      if (editingThis && !hasFields) {
        const cur = this.#settings.store.assetsById.get(a.id);
        if (cur) this.editing = { id: cur.id, name: cur.name, status: cur.status };
      }
      this.#announce(`Not saved. ${this.rowError?.message ?? Object.values(fields).join('. ')}`);
      return false;
    } finally {
      this.busy = null;
    }
  }
}
