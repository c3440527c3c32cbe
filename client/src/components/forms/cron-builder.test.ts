import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import CronBuilder from './cron-builder.svelte';

describe('cron builder', () => {
  it('writes the expression as days and times are picked', async () => {
    const onCron = vi.fn();
    render(CronBuilder, { props: { onCron } });
    expect(screen.getByText('0 8 * * 1-5')).toBeTruthy();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Sat' }));
    expect(onCron).toHaveBeenLastCalledWith('0 8 * * 1-6');
    await fireEvent.input(screen.getByLabelText('At'), { target: { value: '21:45' } });
    expect(onCron).toHaveBeenLastCalledWith('45 21 * * 1-6');
  });

  it('builds every-N-hours schedules and explains bad input without writing', async () => {
    const onCron = vi.fn();
    render(CronBuilder, { props: { onCron } });
    await fireEvent.click(screen.getByRole('radio', { name: 'Every N hours' }));
    expect(onCron).toHaveBeenLastCalledWith('0 6-22/2 * * 1-5');
    onCron.mockClear();
    await fireEvent.input(screen.getByLabelText('Every how many hours'), { target: { value: '0' } });
    expect(onCron).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Every 1–23 hours');
  });
});
