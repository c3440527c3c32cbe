import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssetKind } from '@schedhuler/shared';
import { hashPassword } from '../services/password';
import { insertSeedAsset, insertSeedBoard, insertSeedMembership, insertSeedUser, lockSeedAndCountUsers } from '../repositories/seed.repository';

export const DEMO_USERS = [
  { username: 'admin', displayName: 'Ada Admin', role: null, isAdmin: true },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', isAdmin: false },
  { username: 'planner1', displayName: 'Ana Planner', role: 'planner', isAdmin: false },
  { username: 'planner2', displayName: 'Ben Planner', role: 'planner', isAdmin: false },
  { username: 'viewer', displayName: 'Vic Viewer', role: 'viewer', isAdmin: false },
] as const;

const DEMO_ASSETS: { code: string; name: string; kind: AssetKind }[] = [
  { code: 'G-01', name: 'Anna Berger (guard)', kind: 'person' },
  { code: 'G-02', name: 'Jonas Weber (guard)', kind: 'person' },
  { code: 'G-03', name: 'Mira Schulz (guard)', kind: 'person' },
  // Early, evening and night work: the demo has something going on at any hour, weekends included.
  { code: 'G-04', name: 'Lena Fischer (early shift)', kind: 'person' },
  { code: 'G-05', name: 'Tom Richter (night shift)', kind: 'person' },
  { code: 'VAN-1', name: 'Van 1 (VW Crafter)', kind: 'vehicle' },
  { code: 'VAN-2', name: 'Van 2 (Mercedes Sprinter)', kind: 'vehicle' },
  { code: 'VAN-3', name: 'Van 3 (e-Transit)', kind: 'vehicle' },
  { code: 'SCN-1', name: 'Handheld scanner', kind: 'equipment' },
  { code: 'CP-GATE', name: 'Main gate', kind: 'checkpoint' },
  { code: 'CP-DOCK1', name: 'Dock 1', kind: 'checkpoint' },
  { code: 'CP-DOCK2', name: 'Dock 2', kind: 'checkpoint' },
  { code: 'CP-YARD', name: 'Container yard', kind: 'checkpoint' },
  { code: 'SITE-N', name: 'North warehouse', kind: 'site' },
  { code: 'SITE-S', name: 'South office park', kind: 'site' },
  { code: 'SITE-E', name: 'East retail park', kind: 'site' },
];

/** Schedules (tours, tasks) for the demo board, contributed by the scheduling module. */
export type DemoScheduleSeeder = (em: EntityManager, boardId: string, adminId: string) => Promise<void>;

/** The one double booking the demo shows its supervisor (DEMO_OVERLAP=0 leaves it out, as the test servers do). */
export const DEMO_OVERLAP_JOB = 'Tyre change (booked anyway)';

/**
 * Seeds the demo board into an empty database, in one transaction. A database that already
 * has users is never touched, so restarting never re-seeds or overwrites anything.
 */
export async function seedDemo(em: EntityManager, scheduleSeeders: DemoScheduleSeeder[] = []): Promise<{ seeded: boolean; boardId?: string }> {
  return em.transactional(async (tx) => {
    // Serialises two nodes starting at once against one empty database.
    if ((await lockSeedAndCountUsers(tx)) > 0) return { seeded: false };
    const boardId = await insertSeedBoard(tx, { name: 'Demo depot', timezone: 'Europe/Berlin', horizonDays: 14 });
    let adminId = '';
    for (const u of DEMO_USERS) {
      const userId = await insertSeedUser(tx, { username: u.username, displayName: u.displayName, passwordHash: await hashPassword(`${u.username}-demo`), isAdmin: u.isAdmin });
      if (u.isAdmin) adminId = userId;
      if (u.role) await insertSeedMembership(tx, boardId, userId, u.role);
    }
    for (const a of DEMO_ASSETS) await insertSeedAsset(tx, boardId, a);
    for (const seeder of scheduleSeeders) await seeder(tx, boardId, adminId);
    return { seeded: true, boardId };
  });
}
