import { Hono } from 'hono';
import { boardEventsQuery, boardSnapshotQuery, createBoardBody, memberBody, patchBoardBody, userDirectoryQuery } from '@schedhuler/shared';
import { readJson, readQuery } from '../http/body';
import type { AppEnv } from '../http/types';
import type { Services } from '../services/index';

export function boardRoutes(services: Services) {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => c.json({ boards: await services.boards.list(c.var.ctx) }));
  r.post('/', async (c) => {
    const board = await services.boards.create(c.var.ctx, await readJson(c, createBoardBody));
    c.header('Location', `/api/boards/${board.id}`);
    return c.json({ board }, 201);
  });
  r.get('/:boardId', async (c) => {
    const { encoding, ...range } = readQuery(c, boardSnapshotQuery);
    return c.json(await services.boards.snapshot(c.var.ctx, c.req.param('boardId'), range, encoding ?? 'default'));
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
