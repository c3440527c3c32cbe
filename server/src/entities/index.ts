import { Asset } from './asset.entity';
import { Board } from './board.entity';
import { BoardEvent } from './board-event.entity';
import { Membership } from './membership.entity';
import { Session } from './session.entity';
import { User } from './user.entity';

export { Asset, Board, BoardEvent, Membership, Session, User };
export type { IAsset } from './asset.entity';
export type { IBoard } from './board.entity';
export type { IBoardEvent } from './board-event.entity';
export type { IMembership } from './membership.entity';
export type { ISession } from './session.entity';
export type { IUser } from './user.entity';

export const entities = [User, Session, Board, Membership, Asset, BoardEvent];
