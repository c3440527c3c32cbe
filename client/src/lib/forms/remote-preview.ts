import type { PreviewConflict, PreviewResponse, SchedulePreviewPayload } from '@schedhuler/shared';
import { api, ApiError } from '../api';

export type PreviewTransport = (body: SchedulePreviewPayload) => Promise<PreviewResponse | null>;

/** Asks the server for per-run conflict marks: over the socket when given, else over HTTP. */
export async function fetchRemotePreview(body: SchedulePreviewPayload, socket?: PreviewTransport): Promise<PreviewResponse> {
  const viaSocket = socket ? await socket(body) : null;
  if (viaSocket) return viaSocket;
  try {
    return await api.post<PreviewResponse>('/api/schedules/preview', body);
  } catch (e) {
    if (e instanceof ApiError && e.body && typeof e.body === 'object' && 'ok' in e.body) return e.body as PreviewResponse;
    throw e;
  }
}

/** Conflicts per run start (epoch ms), leaving out the job being edited (it would conflict with itself). */
export function conflictMarks(res: PreviewResponse, ignoreJobId: string | null): Map<number, PreviewConflict[]> {
  const out = new Map<number, PreviewConflict[]>();
  if (!res.ok) return out;
  for (const d of res.dates) {
    const list = (d.conflicts ?? []).filter((c) => c.jobId !== ignoreJobId);
    out.set(Date.parse(d.at), list);
  }
  return out;
}
