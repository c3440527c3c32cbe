/**
 * Child process of `realtime.bench.ts`: makes the task creations over HTTP, like a planner's browser
 * would, so the server process does only server work while latencies are measured.
 */
interface Write {
  type: 'write';
  url: string;
  cookie: string;
  boardId: string;
  assetId: string;
  /** Task numbers `from`..`from + count - 1` start one hour apart from `base`, so none overlap. */
  from: number;
  count: number;
  base: number;
  gapMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write(w: Write): Promise<void> {
  for (let i = w.from; i < w.from + w.count; i++) {
    const res = await fetch(`${w.url}/api/boards/${w.boardId}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: w.cookie },
      body: JSON.stringify({
        name: `Bench task ${i + 1}`,
        assetId: w.assetId,
        timezone: 'Europe/Berlin',
        startsAt: new Date(w.base + i * 3_600_000).toISOString(),
        planDurationMin: 30,
      }),
    });
    if (res.status !== 201) throw new Error(`task creation failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer().catch(() => undefined);
    await sleep(w.gapMs);
  }
}

process.on('message', (msg: Write | { type: 'exit' }) => {
  if (msg.type === 'exit') process.exit(0);
  write(msg).then(
    () => process.send!({ type: 'written' }),
    (err: Error) => process.send!({ type: 'error', message: err.message }),
  );
});
process.send!({ type: 'started' });
