import type { AdminUserDto, CreateUserBody, SessionDto } from '@schedhuler/shared';
import { api } from '../api';
import type { Loadable } from './account.svelte';

/** The admin's user list: load, create, disable / enable, reset a password, see and end sessions. */
export class AdminUsers {
  state = $state<Loadable<AdminUserDto[]>>({ kind: 'loading' });
  /** Sessions of the users whose session list is open, by user id. */
  sessions = $state<Record<string, SessionDto[] | undefined>>({});
  notice = $state<string | null>(null);

  constructor(private readonly onUnauthenticated: (e: unknown) => boolean) {}

  async load(): Promise<void> {
    try {
      const { users } = await api.get<{ users: AdminUserDto[] }>('/api/users');
      this.state = { kind: 'ready', value: users };
    } catch (e) {
      if (this.onUnauthenticated(e)) return;
      this.state = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Throws the ApiError so the form can put it at its fields. */
  async create(body: CreateUserBody): Promise<void> {
    const { user } = await api.post<{ user: { username: string } }>('/api/users', body);
    this.notice = `Created ${user.username}.`;
    await this.load();
  }

  async setDisabled(user: AdminUserDto, disabled: boolean): Promise<void> {
    await this.#act(async () => {
      await api.patch(`/api/users/${encodeURIComponent(user.id)}`, { disabled });
      this.notice = disabled ? `Disabled ${user.username}; their sessions have ended.` : `Enabled ${user.username}.`;
      if (disabled) delete this.sessions[user.id];
    });
  }

  /** Throws the ApiError so the form can put it at its field. */
  async resetPassword(user: AdminUserDto, password: string): Promise<void> {
    await api.post(`/api/users/${encodeURIComponent(user.id)}/password`, { password });
    this.notice = `New password set for ${user.username}; their sessions have ended.`;
    delete this.sessions[user.id];
    await this.load();
  }

  async toggleSessions(user: AdminUserDto): Promise<void> {
    if (this.sessions[user.id]) {
      delete this.sessions[user.id];
      return;
    }
    await this.#act(async () => {
      this.sessions[user.id] = (await api.get<{ sessions: SessionDto[] }>(`/api/users/${encodeURIComponent(user.id)}/sessions`)).sessions;
    }, false);
  }

  async endSessions(user: AdminUserDto): Promise<void> {
    await this.#act(async () => {
      const { ended } = await api.delete<{ ended: number }>(`/api/users/${encodeURIComponent(user.id)}/sessions`);
      this.notice = `Signed ${user.username} out of ${ended === 1 ? '1 session' : `${ended} sessions`}.`;
      if (this.sessions[user.id]) this.sessions[user.id] = [];
    });
  }

  async #act(work: () => Promise<unknown>, reload = true): Promise<void> {
    this.notice = null;
    try {
      await work();
    } catch (e) {
      if (this.onUnauthenticated(e)) return;
      this.notice = e instanceof Error ? e.message : String(e);
    }
    if (reload) await this.load();
  }
}
