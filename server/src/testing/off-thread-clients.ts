/**
 * HTTP clients on their own threads, for tests that measure the event loop of an in-process server:
 * a fetch of a 1 MiB body costs the sending loop tens of milliseconds, which must not be counted
 * against the server.
 */
import { Worker } from 'node:worker_threads';

const SENDER = `
const { parentPort } = require('node:worker_threads');
let pending;
parentPort.on('message', async (m) => {
  if (m.type === 'send') {
    pending = m;
    parentPort.postMessage({ type: 'received' });
    return;
  }
  const p = pending;
  const started = performance.now();
  try {
    const res = await fetch(p.url, { method: p.method, headers: p.headers, body: p.body });
    await res.arrayBuffer();
    parentPort.postMessage({ type: 'done', status: res.status, ms: performance.now() - started });
  } catch (err) {
    parentPort.postMessage({ type: 'done', status: 0, ms: performance.now() - started, error: String(err) });
  }
});`;

const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let polling = true;
const latencies = [];
parentPort.on('message', () => { polling = false; });
(async () => {
  while (polling) {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url);
      await res.arrayBuffer();
      latencies.push(res.ok ? performance.now() - started : Infinity);
    } catch {
      latencies.push(Infinity);
    }
    await new Promise((r) => setTimeout(r, workerData.pauseMs));
  }
  parentPort.postMessage(latencies);
})();`;

export interface SendResult {
  status: number;
  ms: number;
  error?: string;
}

export interface OffThreadSender {
  /** Sends one request from the worker; `beforeSend` runs on this thread once the body has arrived there, right before the fetch. */
  send(req: { url: string; method: string; headers: Record<string, string>; body: string }, beforeSend: () => void): Promise<SendResult>;
  close(): Promise<void>;
}

export function offThreadSender(): OffThreadSender {
  const worker = new Worker(SENDER, { eval: true });
  return {
    send(req, beforeSend) {
      return new Promise((resolve) => {
        const onMessage = (m: { type: string } & SendResult) => {
          if (m.type === 'received') {
            beforeSend();
            worker.postMessage({ type: 'go' });
          } else {
            worker.off('message', onMessage);
            resolve({ status: m.status, ms: m.ms, ...(m.error ? { error: m.error } : {}) });
          }
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'send', ...req });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** Polls `url` one request at a time until stopped; `stop()` returns each request's latency (Infinity for a failure). */
export function offThreadPoller(url: string, pauseMs = 5): { stop(): Promise<number[]> } {
  const worker = new Worker(POLLER, { eval: true, workerData: { url, pauseMs } });
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (latencies: number[]) => {
          void worker.terminate();
          resolve(latencies);
        });
        worker.postMessage('stop');
      }),
  };
}
