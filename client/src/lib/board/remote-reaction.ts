import type { BoardEvent } from './board-types';
import { formatHm } from '../timeline/zone';

export interface ReactionContext {
  userId: string | null;
  canEdit: boolean;
  /** The block the user has selected: a change to it by someone else is read out. */
  selectedId: string | null;
  zone: string;
  jobName: (jobId: string) => string | undefined;
  asset: (assetId: string) => { code: string; name: string } | undefined;
}

export interface RemoteReaction {
  /** A browser notification (the user opted in): a double booking someone else made. */
  notify?: { title: string; body: string };
  /** For the page's live region. */
  announce?: string;
  /** The user's own change (any tab): what Undo and Redo would do has changed. */
  refreshHistory: boolean;
}

/** What the board page does about one applied event; pure, so each case is testable. */
export function reactToEvent(ev: BoardEvent, ctx: ReactionContext): RemoteReaction {
  const own = !!ev.actor && ev.actor.id === ctx.userId;
  const out: RemoteReaction = { refreshHistory: own && ctx.canEdit };
  if (ev.type === 'conflict.opened' && ev.data.kind === 'overlap' && !own) {
    const a = ctx.asset(ev.data.assetId);
    out.notify = { title: `Double booking on ${a ? `${a.code} ${a.name}` : 'an asset'}`, body: `${ev.data.jobName ?? 'A job'} was booked anyway by ${ev.actor?.displayName ?? 'someone'}.` };
  }
  if (!ev.actor || own) return out;
  if ((ev.type === 'occurrence.updated' || ev.type === 'occurrence.cancelled') && ev.data.id === ctx.selectedId) {
    const name = ctx.jobName(ev.data.jobId) ?? 'The selected occurrence';
    const assetName = ctx.asset(ev.data.assetId)?.name ?? '';
    out.announce =
      ev.type === 'occurrence.cancelled'
        ? `${ev.actor.displayName} cancelled ${name}`
        : `${ev.actor.displayName} moved ${name} to ${assetName} ${formatHm(Date.parse(ev.data.startsAt), ctx.zone)}–${formatHm(Date.parse(ev.data.endsAt), ctx.zone)}`;
  }
  return out;
}
