import type { EffectiveRole, UserDto } from '@schedhuler/shared';
import { api, ApiError } from './api';
import { takeEarly } from './early-requests';

export interface Membership {
  boardId: string;
  role: EffectiveRole;
}

export interface MeResponse {
  user: UserDto;
  memberships: Membership[];
}

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

/** Who is signed in. `load()` asks the server once at start; login/logout keep it in step. */
export class Session {
  status = $state<SessionStatus>('loading');
  user = $state<UserDto | null>(null);
  memberships = $state<Membership[]>([]);
  /** Why the last `load()` failed for a reason other than "not signed in". */
  loadError = $state<string | null>(null);

  async load(): Promise<void> {
    this.status = 'loading';
    this.loadError = null;
    try {
      // The first load takes the answer main.ts asked for before the app's code was loaded.
      const me = await (takeEarly<MeResponse>('/api/auth/me') ?? api.get<MeResponse>('/api/auth/me'));
      this.#signedIn(me.user, me.memberships);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.#signedOut();
      } else {
        this.status = 'error';
        this.loadError = e instanceof Error ? e.message : String(e);
      }
    }
  }

  /** Throws an ApiError on failure so the form can show it; resolves once the session is known. */
  async login(username: string, password: string): Promise<void> {
    const res = await api.post<{ user: UserDto }>('/api/auth/login', { username, password });
    this.#signedIn(res.user, []);
    // Memberships come from `me`; a failure here is not a failed login.
    try {
      const me = await api.get<MeResponse>('/api/auth/me');
      this.#signedIn(me.user, me.memberships);
    } catch {
      /* keep the user from the login answer */
    }
  }

  async logout(): Promise<void> {
    try {
      await api.post<void>('/api/auth/logout');
    } finally {
      this.#signedOut();
    }
  }

  /** Called when any request answers 401: the session expired server-side. */
  expired(): void {
    this.#signedOut();
  }

  roleOn(boardId: string): EffectiveRole | null {
    if (this.user?.isAdmin) return 'admin';
    return this.memberships.find((m) => m.boardId === boardId)?.role ?? null;
  }

  #signedIn(user: UserDto, memberships: Membership[]): void {
    this.user = user;
    this.memberships = memberships;
    this.status = 'authenticated';
  }

  #signedOut(): void {
    this.user = null;
    this.memberships = [];
    this.status = 'anonymous';
  }
}

/** Maps a login failure to the sentence shown next to the form. */
export function loginErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Wrong username or password';
    if (e.status === 429) return 'Too many attempts, wait a minute';
    if (e.status === 400) return 'Enter a username and a password';
    if (e.code === 'network_error') return 'Cannot reach the server. Check your connection and try again.';
    if (e.status >= 500) return 'The server could not sign you in right now. Try again in a moment.';
    return e.message;
  }
  return 'Something went wrong. Try again.';
}
