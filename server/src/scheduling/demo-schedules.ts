import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import type { CreateTaskBody, CreateTourBody } from '@schedhuler/shared';
import { createTaskBody, createTourBody } from '@schedhuler/shared';
import { parseWith } from '../errors';
import { findAssetIdsOf } from '../repositories/asset.repository';
import { findUserName } from '../repositories/user.repository';
import type { Ctx } from '../services/context';
import type { SchedulingServices } from './scheduling-services';
import { DEMO_OVERLAP_JOB } from '../seed/demo';

export interface DemoScheduleOptions {
  /** Adds the one open double booking the supervisor finds in the conflict desk. */
  overlap?: boolean;
}

/**
 * Demo tours and tasks for "Demo depot", created through the same services as the API (so their
 * occurrences and events are what a planner would get). Chosen so that nothing overlaps except the
 * one double booking booked on purpose (`overlap`). Seven-day crons at early, day, evening and
 * night hours: a first look at any hour, weekend or night, finds work within about two hours of now.
 */
export async function seedDemoSchedules(s: SchedulingServices, em: EntityManager, boardId: string, adminId: string, options: DemoScheduleOptions = {}): Promise<void> {
  const assets = await findAssetIdsOf(em, boardId);
  const id = (code: string) => {
    const a = assets.find((x) => x.code === code);
    if (!a) throw new Error(`demo asset ${code} is missing`);
    return a.id;
  };
  const admin = await findUserName(em, adminId);
  const ctx: Ctx = { em, actor: { id: adminId, username: admin?.username ?? 'admin', displayName: admin?.display_name ?? 'Admin', isAdmin: true } };
  const tz = 'Europe/Berlin';
  const today = DateTime.fromJSDate(s.clock.now()).setZone(tz).startOf('day');
  const validFrom = today.toUTC().toISO()!;
  const stop = (code: string, seq: number, gapMin: number, durationMin?: number) => ({ seq, assetId: id(code), gapMin, ...(durationMin ? { durationMin } : {}) });

  const tours: CreateTourBody[] = [
    parseWith(createTourBody, {
      kind: 'internal_tour',
      name: 'Night patrol',
      description: 'Gate, docks and container yard, every night.',
      assetId: id('G-01'),
      cron: '0 22 * * *',
      timezone: tz,
      validFrom,
      planDurationMin: 10,
      priority: 'high',
      checkpoints: [stop('CP-GATE', 1, 0), stop('CP-DOCK1', 2, 5), stop('CP-DOCK2', 3, 5), stop('CP-YARD', 4, 10, 20)],
    }),
    parseWith(createTourBody, {
      kind: 'internal_tour',
      name: 'Midday round',
      assetId: id('G-03'),
      cron: '0 12 * * 1-5',
      timezone: tz,
      validFrom,
      planDurationMin: 10,
      checkpoints: [stop('CP-GATE', 1, 0), stop('CP-YARD', 2, 10)],
    }),
    parseWith(createTourBody, {
      kind: 'external_tour',
      name: 'Retail route',
      description: 'North, south and east sites; back the same way after a break.',
      assetId: id('VAN-1'),
      cron: '0 9 * * 1-5',
      timezone: tz,
      validFrom,
      planDurationMin: 20,
      sites: [stop('SITE-N', 1, 15), stop('SITE-S', 2, 20), stop('SITE-E', 3, 15)],
      breakMin: 30,
      frequency: 2,
    }),
  ];
  const tasks: CreateTaskBody[] = [
    parseWith(createTaskBody, { name: 'Morning briefing', assetId: id('G-02'), cron: '0 8 * * 1-5', timezone: tz, validFrom, planDurationMin: 30 }),
    parseWith(createTaskBody, { name: 'Van check', assetId: id('VAN-2'), cron: '30 7 * * *', timezone: tz, validFrom, planDurationMin: 45, priority: 'low' }),
    parseWith(createTaskBody, { name: 'Scanner calibration', assetId: id('SCN-1'), cron: '0 14 * * 3', timezone: tz, validFrom, planDurationMin: 60 }),
    parseWith(createTaskBody, {
      name: 'Fence inspection',
      assetId: id('G-02'),
      timezone: tz,
      startsAt: today.plus({ days: 1 }).set({ hour: 10 }).toUTC().toISO()!,
      planDurationMin: 90,
      priority: 'high',
    }),
  ];
  // Around the clock, every day: G-04 early and afternoon, G-05 evening and night, VAN-3 the day tour.
  const roundTheClock: CreateTaskBody[] = [
    parseWith(createTaskBody, { name: 'Early shift handover', assetId: id('G-04'), cron: '0 5 * * *', timezone: tz, validFrom, planDurationMin: 90 }),
    parseWith(createTaskBody, { name: 'Afternoon round', assetId: id('G-04'), cron: '0 16 * * *', timezone: tz, validFrom, planDurationMin: 60 }),
    parseWith(createTaskBody, { name: 'Day delivery tour', assetId: id('VAN-3'), cron: '0 10 * * *', timezone: tz, validFrom, planDurationMin: 240 }),
    parseWith(createTaskBody, { name: 'Evening round', assetId: id('G-05'), cron: '0 18 * * *', timezone: tz, validFrom, planDurationMin: 60 }),
    parseWith(createTaskBody, { name: 'Late gate check', assetId: id('G-05'), cron: '30 20 * * *', timezone: tz, validFrom, planDurationMin: 45 }),
    parseWith(createTaskBody, { name: 'Night round', assetId: id('G-05'), cron: '0 0-4/2 * * *', timezone: tz, validFrom, planDurationMin: 45, priority: 'high' }),
    parseWith(createTaskBody, { name: 'Weekend site check', assetId: id('G-04'), cron: '0 9,13 * * 0,6', timezone: tz, validFrom, planDurationMin: 60 }),
  ];
  for (const body of tours) await s.tours.create(ctx, boardId, body);
  for (const body of [...tasks, ...roundTheClock]) await s.tasks.create(ctx, boardId, body);
  if (options.overlap) {
    // The next 10:30 from now, inside a day delivery tour: one open double booking for the supervisor.
    const now = DateTime.fromJSDate(s.clock.now()).setZone(tz);
    let at = now.startOf('day').set({ hour: 10, minute: 30 });
    if (at <= now) at = at.plus({ days: 1 }).set({ hour: 10, minute: 30 });
    const overlap = parseWith(createTaskBody, {
      name: DEMO_OVERLAP_JOB,
      description: 'Booked on Van 3 during its tour on purpose: the demo supervisor resolves it in the conflict desk.',
      assetId: id('VAN-3'),
      timezone: tz,
      startsAt: at.toUTC().toISO()!,
      planDurationMin: 60,
      allowConflict: true,
    });
    await s.tasks.create(ctx, boardId, overlap);
  }
}
