import type { Ctx } from '../services/context';

export interface AppEnv {
  Variables: {
    requestId: string;
    ctx: Ctx;
    sessionToken: string | undefined;
  };
}
