import type { Plugin } from '../server';
import { plugins } from '../server';
import { RealtimeHub } from './socket-server';

declare module '../services/index' {
  interface Services {
    /** The real-time hub, once attached (tests and the benchmark reach Socket.IO through it). */
    realtime?: RealtimeHub;
  }
}

export const realtimePlugin: Plugin = {
  name: 'realtime',
  async attach({ http, services, orm, config }) {
    const hub = await RealtimeHub.start({ http, services, orm, config });
    services.realtime = hub;
    return async () => {
      services.realtime = undefined;
      await hub.close();
    };
  },
};

plugins.push(realtimePlugin);
