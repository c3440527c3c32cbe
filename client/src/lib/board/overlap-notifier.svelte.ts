/**
 * Opt-in browser notifications for new double bookings (issue 15). Permission is asked only from the
 * user's click (browsers block or penalise unprompted requests); nothing is shown while the tab has focus.
 */
export class OverlapNotifier {
  readonly supported = typeof window !== 'undefined' && 'Notification' in window;
  enabled = $state(this.supported && Notification.permission === 'granted' && localStorage.getItem('schedhuler.notify') === '1');

  async enable(): Promise<void> {
    if (!this.supported) return;
    const permission = await Notification.requestPermission();
    this.enabled = permission === 'granted';
    if (this.enabled) localStorage.setItem('schedhuler.notify', '1');
  }

  /** Opting out must stick across reloads; the browser's permission stays as the user left it. */
  disable(): void {
    this.enabled = false;
    localStorage.removeItem('schedhuler.notify');
  }

  toggle(): Promise<void> {
    if (this.enabled) {
      this.disable();
      return Promise.resolve();
    }
    return this.enable();
  }

  notify(title: string, body: string): void {
    if (!this.enabled || document.hasFocus()) return;
    new Notification(title, { body, tag: 'schedhuler-overlap' });
  }
}
