import { roleAtLeast, type AssetDto, type BoardDto, type CreateAssetBody, type DirectoryUser, type EffectiveRole, type MemberDto, type PatchAssetBody, type PatchBoardBody } from '@schedhuler/shared';
import type { BoardRole } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import { BoardStore } from '../board/board-store.svelte';
import type { BoardEvent } from '../board/board-types';

const DAY = 86_400_000;
const path = (s: string) => encodeURIComponent(s);

/**
 * The setup screens of one board: the board itself (a BoardStore, kept live by the page's socket),
 * its members and the user directory. Writes go to the API; the events they cause reach everyone.
 */
export class BoardSettings {
  readonly store: BoardStore;
  members = $state.raw<MemberDto[]>([]);
  membersError = $state<string | null>(null);

  // Getters over the store's role: a live role change (member.updated) takes the controls away at once.
  get role(): EffectiveRole | null {
    return this.store.role;
  }
  get canEditBoard(): boolean {
    return this.role === 'admin';
  }
  get canManageMembers(): boolean {
    return this.role !== null && roleAtLeast(this.role, 'supervisor');
  }
  get canManageAssets(): boolean {
    return this.role !== null && roleAtLeast(this.role, 'planner');
  }

  constructor(boardId: string, role: EffectiveRole | null, userId: string | null) {
    this.store = new BoardStore(boardId, role, userId);
  }

  get boardId(): string {
    return this.store.boardId;
  }

  async load(now: number): Promise<void> {
    await this.store.load(now - DAY, now + DAY);
    await this.loadMembers();
  }

  async loadMembers(): Promise<void> {
    try {
      this.members = (await api.get<{ members: MemberDto[] }>(`/api/boards/${path(this.boardId)}/members`)).members;
      this.membersError = null;
    } catch (e) {
      this.membersError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Member changes by anyone (this user included) arrive as events; the asset and board ones the store applies. */
  onEvent(ev: BoardEvent): void {
    if (ev.type !== 'member.updated') return;
    const d = ev.data;
    if (d.removed) this.members = this.members.filter((m) => m.userId !== d.userId);
    else this.#upsertMember({ userId: d.userId, username: d.username, displayName: d.displayName, role: d.role });
  }

  async patchBoard(body: PatchBoardBody): Promise<BoardDto> {
    try {
      const { board } = await api.patch<{ board: BoardDto }>(`/api/boards/${path(this.boardId)}`, body);
      this.store.board = { ...board, lastSeq: this.store.board?.lastSeq ?? board.lastSeq };
      return board;
    } catch (e) {
      const current = staleCurrent<BoardDto>(e);
      if (current) this.store.board = current;
      throw e;
    }
  }

  async createAsset(body: CreateAssetBody): Promise<AssetDto> {
    const { asset } = await api.post<{ asset: AssetDto }>(`/api/boards/${path(this.boardId)}/assets`, body);
    this.#upsertAsset(asset);
    return asset;
  }

  /** Compare-and-set on the version this screen shows; a stale one brings the current asset in. */
  async patchAsset(asset: AssetDto, body: Omit<PatchAssetBody, 'expectedVersion'>): Promise<AssetDto> {
    try {
      const res = await api.patch<{ asset: AssetDto }>(`/api/assets/${path(asset.id)}`, { ...body, expectedVersion: asset.version });
      this.#upsertAsset(res.asset);
      return res.asset;
    } catch (e) {
      const current = staleCurrent<AssetDto>(e);
      if (current?.id === asset.id) this.#upsertAsset(current);
      throw e;
    }
  }

  async setMember(userId: string, role: BoardRole): Promise<MemberDto> {
    const { member } = await api.put<{ member: MemberDto }>(`/api/boards/${path(this.boardId)}/members/${path(userId)}`, { role });
    this.#upsertMember(member);
    return member;
  }

  async removeMember(userId: string): Promise<void> {
    await api.delete<void>(`/api/boards/${path(this.boardId)}/members/${path(userId)}`);
    this.members = this.members.filter((m) => m.userId !== userId);
  }

  /** Users who are not members yet, matching `q`. */
  async searchUsers(q: string, signal?: AbortSignal): Promise<DirectoryUser[]> {
    const res = await api.get<{ users: DirectoryUser[] }>(`/api/boards/${path(this.boardId)}/user-directory?q=${encodeURIComponent(q)}`, signal ? { signal } : {});
    const members = this.members.map((m) => m.userId);
    return res.users.filter((u) => !members.includes(u.id));
  }

  #upsertAsset(asset: AssetDto): void {
    const old = this.store.assetsById.get(asset.id);
    if (!old || old.version <= asset.version) this.store.upsertAsset(asset);
  }

  #upsertMember(member: MemberDto): void {
    const rest = this.members.filter((m) => m.userId !== member.userId);
    this.members = [...rest, member].sort((a, b) => a.username.localeCompare(b.username));
  }
}

function staleCurrent<T>(e: unknown): T | null {
  if (e instanceof ApiError && e.code === 'stale_version') return (e.details as { current?: T } | null)?.current ?? null;
  return null;
}
