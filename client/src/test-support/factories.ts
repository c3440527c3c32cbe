import type { JobDto, OccurrenceDto } from '@schedhuler/shared';

export function makeJob(p: Partial<JobDto> & Pick<JobDto, 'id' | 'kind' | 'name' | 'assetId'>): JobDto {
  return {
    boardId: 'board-1',
    description: '',
    cron: '0 9 * * *',
    timezone: 'Europe/Berlin',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    planDurationMin: 60,
    graceBeforeMin: 0,
    graceAfterMin: 0,
    priority: 'medium',
    enabled: true,
    version: 1,
    ...p,
  };
}

export function makeOcc(p: Partial<OccurrenceDto> & Pick<OccurrenceDto, 'id' | 'jobId' | 'assetId' | 'startsAt' | 'endsAt'>): OccurrenceDto {
  return { boardId: 'board-1', status: 'scheduled', version: 1, detached: false, ...p };
}
