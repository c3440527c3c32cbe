import type { SessionDto } from '@schedhuler/shared';
import { api } from '../api';

export type Loadable<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

/** The signed-in user's own sessions (account page): list, end one, end all but this one. */
export class MySessions {
  state = $state<Loadable<SessionDto[]>>({ kind: 'loading' });
  /** A short confirmation for the live region ("Signed out Firefox 133 on Windows"). */
  notice = $state<string | null>(null);

  constructor(private readonly onUnauthenticated: (e: unknown) => boolean) {}

  async load(): Promise<void> {
    try {
      const { sessions } = await api.get<{ sessions: SessionDto[] }>('/api/auth/sessions');
      this.state = { kind: 'ready', value: sessions };
    } catch (e) {
      if (this.onUnauthenticated(e)) return;
      this.state = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  async end(session: SessionDto): Promise<void> {
    await this.#act(() => api.delete<void>(`/api/auth/sessions/${encodeURIComponent(session.id)}`), `Signed out ${session.device}.`);
  }

  async endOthers(): Promise<void> {
    await this.#act(async () => {
      const { ended } = await api.delete<{ ended: number }>('/api/auth/sessions');
      this.notice = ended === 1 ? 'Signed out 1 other session.' : `Signed out ${ended} other sessions.`;
    });
  }

  async #act(work: () => Promise<unknown>, notice?: string): Promise<void> {
    this.notice = null;
    try {
      await work();
      if (notice) this.notice = notice;
    } catch (e) {
      if (this.onUnauthenticated(e)) return;
      this.notice = e instanceof Error ? e.message : String(e);
    }
    await this.load();
  }
}
