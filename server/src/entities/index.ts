import { Asset } from './asset.entity';
import { Board } from './board.entity';
import { BoardEvent } from './board-event.entity';
import { Membership } from './membership.entity';
import { Session } from './session.entity';
import { User } from './user.entity';
import { Job } from './job.entity';
import { JobStop } from './job-stop.entity';
import { Occurrence } from './occurrence.entity';
import { ConflictRecord } from './conflict-record.entity';
import { IdempotencyRecord } from './idempotency-record.entity';

export { Asset, Board, BoardEvent, Membership, Session, User };
export { Job, JobStop, Occurrence, ConflictRecord, IdempotencyRecord };
export type { IAsset } from './asset.entity';
export type { IBoard } from './board.entity';
export type { IBoardEvent } from './board-event.entity';
export type { IMembership } from './membership.entity';
export type { ISession } from './session.entity';
export type { IUser } from './user.entity';
export type { IJob } from './job.entity';
export type { IJobStop } from './job-stop.entity';
export type { IOccurrence } from './occurrence.entity';
export type { IConflictRecord } from './conflict-record.entity';
export type { IIdempotencyRecord } from './idempotency-record.entity';

export const entities = [User, Session, Board, Membership, Asset, BoardEvent, Job, JobStop, Occurrence, ConflictRecord, IdempotencyRecord];
