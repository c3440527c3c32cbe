import { LazyComponent } from '../lazy-component.svelte';

/**
 * The job form (with its cron builder, preview and the job schemas): not needed to draw the board,
 * so a chunk of its own (issue 12), loaded when a form is first opened, or ahead of that by the board
 * page once the board has drawn and the page is idle.
 */
export const jobPanelCode = new LazyComponent(() => import('../../components/forms/job-panel.svelte'));
