import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { logger } from '../logger';

export interface RedisAdapterHandle {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Socket.IO Redis adapter on two `redis` v5 clients (pub/sub needs a dedicated connection).
 * Start-up fails loudly when REDIS_URL is set but unreachable: a node that silently ran alone
 * would hide every change made on the other nodes. After start-up the clients reconnect by
 * themselves; events missed meanwhile are caught up from the event log (seq hints).
 */
export async function connectRedisAdapter(url: string, nodeId: string): Promise<RedisAdapterHandle> {
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000), connectTimeout: 5_000 } });
  const sub = pub.duplicate();
  let lastError = '';
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client.on('error', (err: Error) => {
      if (err.message === lastError) return; // a reconnect loop repeats the same error
      lastError = err.message;
      logger.warn({ nodeId, client: name, err: err.message }, 'redis connection error');
    });
    client.on('ready', () => {
      lastError = '';
      logger.info({ nodeId, client: name }, 'redis connected');
    });
  }
  const connecting = Promise.all([pub.connect(), sub.connect()]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      connecting,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${redact(url)} not reachable within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    connecting.catch(() => undefined);
    for (const client of [pub, sub]) {
      try {
        client.destroy();
      } catch {
        /* never opened */
      }
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const adapter = createAdapter(pub, sub, { key: process.env.REALTIME_REDIS_KEY || 'schedhuler', requestsTimeout: 3_000 });
  return {
    adapter,
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}

/** Never log a password from the URL. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}
