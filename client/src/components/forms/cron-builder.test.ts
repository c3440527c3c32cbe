import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import CronBuilder from './cron-builder.svelte';

describe('cron builder', () => {
  it('writes the expression as days and times are picked', async () => {
    const onCron = vi.fn();
    render(CronBuilder, { props: { cron: '0 8 * * 1-5', onCron } });
    expect(screen.getByText('0 8 * * 1-5')).toBeTruthy();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Sat' }));
    expect(onCron).toHaveBeenLastCalledWith('0 8 * * 1-6');
    await fireEvent.input(screen.getByLabelText('At'), { target: { value: '21:45' } });
    expect(onCron).toHaveBeenLastCalledWith('45 21 * * 1-6');
  });

  it('builds every-N-hours schedules and explains bad input without writing', async () => {
    const onCron = vi.fn();
    render(CronBuilder, { props: { cron: '0 8 * * 1-5', onCron } });
    await fireEvent.click(screen.getByRole('radio', { name: 'Every N hours' }));
    expect(onCron).toHaveBeenLastCalledWith('0 6-22/2 * * 1-5');
    onCron.mockClear();
    await fireEvent.input(screen.getByLabelText('Every how many hours'), { target: { value: '0' } });
    expect(onCron).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Every 1–23 hours');
  });

  it('reads the field: a typed 45 6 * * 6 shows Saturday 06:45 and is not overwritten', async () => {
    const onCron = vi.fn();
    const view = render(CronBuilder, { props: { cron: '0 8 * * 1-5', onCron } });
    await view.rerender({ cron: '45 6 * * 6', onCron });
    expect(onCron).not.toHaveBeenCalled();
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Sat' }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Mon' }).checked).toBe(false);
    expect(screen.getByLabelText<HTMLInputElement>('At').value).toBe('06:45');
    expect(screen.getByText('45 6 * * 6')).toBeTruthy();
    // Writing back from there keeps what was read: adding Sunday gives 45 6 * * 0,6.
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Sun' }));
    expect(onCron).toHaveBeenLastCalledWith('45 6 * * 0,6');
  });

  it('reads interval schedules and shows an expression it cannot express as custom, leaving it alone', async () => {
    const onCron = vi.fn();
    const view = render(CronBuilder, { props: { cron: '15 6-22/2 * * *', onCron } });
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Every N hours' }).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('At minute').value).toBe('15');
    await view.rerender({ cron: '*/15 * * * *', onCron });
    expect(screen.getByRole('status').textContent).toMatch(/^Custom schedule: the builder cannot show \*\/15 \* \* \* \*/);
    expect(onCron).not.toHaveBeenCalled();
  });
});
