import type { PreviewConflict, PreviewResponse, SchedulePreviewPayload } from '@schedhuler/shared';
import { conflictMarks } from './remote-preview';

export type MarksState = 'idle' | 'loading' | 'ready' | 'error';
export type PreviewFetcher = (body: SchedulePreviewPayload) => Promise<PreviewResponse>;

/**
 * The server's conflict marks for a schedule being typed, debounced: the local preview updates on
 * every keystroke, this asks the server at most once per `delayMs` of quiet, and an answer to an
 * older request never replaces a newer one.
 */
export class RemoteMarks {
  marks = $state<Map<number, PreviewConflict[]> | null>(null);
  state = $state<MarksState>('idle');

  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  readonly #fetcher: PreviewFetcher;
  /** The job being edited: its own runs are no conflict. */
  readonly #ignoreJobId: string | null;
  readonly #delayMs: number;

  constructor(fetcher: PreviewFetcher, ignoreJobId: string | null, delayMs = 250) {
    this.#fetcher = fetcher;
    this.#ignoreJobId = ignoreJobId;
    this.#delayMs = delayMs;
  }

  /** Asks for marks for `body`, or clears them when there is nothing to ask (null: no asset, no duration, bad schedule). */
  request(body: SchedulePreviewPayload | null): void {
    this.cancel();
    if (!body) {
      this.marks = null;
      this.state = 'idle';
      return;
    }
    this.state = 'loading';
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      this.#fetcher(body)
        .then((res) => {
          if (generation !== this.#generation) return;
          this.marks = conflictMarks(res, this.#ignoreJobId);
          this.state = res.ok ? 'ready' : 'error';
        })
        .catch(() => {
          if (generation === this.#generation) this.state = 'error';
        });
    }, this.#delayMs);
  }

  /** Drops the pending request and any answer still on its way. */
  cancel(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
