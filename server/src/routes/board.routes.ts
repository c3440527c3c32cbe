import { Hono } from 'hono';
import { boardEventsQuery, boardSnapshotQuery, createBoardBody, memberBody, patchBoardBody, userDirectoryQuery } from '@schedhuler/shared';
import { readJson, readQuery } from '../http/body';
import { compressDynamic, MIN_BYTES, negotiate } from '../http/compression';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';
import { SnapshotCache } from '../services/snapshot-cache';

export function boardRoutes(services: Services) {
  const r = new Hono<AppEnv>();
  const snapshots = new SnapshotCache(services.boards, compressDynamic);
  r.get('/', async (c) => c.json({ boards: await services.boards.list(c.var.ctx) }));
  r.post('/', async (c) => {
    const board = await services.boards.create(c.var.ctx, await readJson(c, createBoardBody));
    c.header('Location', `/api/boards/${board.id}`);
    return c.json({ board }, 201);
  });
  r.get('/:boardId', async (c) => {
    const { encoding, from, to, firstAssets } = readQuery(c, boardSnapshotQuery);
    if (!from || !to) return c.json(await services.boards.snapshot(c.var.ctx, c.req.param('boardId'), { from, to }, encoding ?? 'default', { firstAssets }));
    // Serialized and compressed here and kept until the board's next write (SnapshotCache); the
    // compression middleware leaves an answer that already has its Content-Encoding alone.
    const answer = await snapshots.answer(c.var.ctx, c.req.param('boardId'), { from, to }, encoding ?? 'default', negotiate(c.req.header('accept-encoding')), MIN_BYTES, firstAssets);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(answer.body.length), vary: 'Accept-Encoding' };
    if (answer.coding) headers['content-encoding'] = answer.coding;
    return c.body(answer.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  r.patch('/:boardId', async (c) => c.json({ board: await services.boards.patch(c.var.ctx, c.req.param('boardId'), await readJson(c, patchBoardBody)) }));
  r.get('/:boardId/user-directory', async (c) =>
    c.json({ users: await services.boards.userDirectory(c.var.ctx, c.req.param('boardId'), readQuery(c, userDirectoryQuery).q) }),
  );
  r.get('/:boardId/events', async (c) => {
    const q = readQuery(c, boardEventsQuery);
    return c.json(await services.boards.events(c.var.ctx, c.req.param('boardId'), q.since, q.limit));
  });
  r.get('/:boardId/members', async (c) => c.json({ members: await services.boards.members(c.var.ctx, c.req.param('boardId')) }));
  r.put('/:boardId/members/:userId', async (c) => {
    const { role } = await readJson(c, memberBody);
    return c.json({ member: await services.boards.setMember(c.var.ctx, c.req.param('boardId'), c.req.param('userId'), role) });
  });
  r.delete('/:boardId/members/:userId', async (c) => {
    await services.boards.removeMember(c.var.ctx, c.req.param('boardId'), c.req.param('userId'));
    return c.body(null, 204);
  });
  return r;
}
