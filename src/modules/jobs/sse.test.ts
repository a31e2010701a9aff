import { describe, expect, it } from 'vitest';
import type { JobEvent } from './contract.js';
import { type EventReader, eventStream, formatEvent, heartbeat } from './sse.js';

/** A job's event log in memory: `append` adds an event, `finish` ends the job. */
function fakeJob() {
  const events: JobEvent[] = [];
  let finished = false;
  const reads: number[] = [];
  const reader: EventReader = {
    async eventsAfter(after, limit) {
      reads.push(after);
      return events.filter((e) => e.id > after).slice(0, limit);
    },
    async finished() {
      return finished;
    },
  };
  return {
    reader,
    reads,
    append(kind: JobEvent['kind'], data: Record<string, unknown>) {
      const id = (events.at(-1)?.id ?? 0) + 1;
      events.push({ id, kind, data, at: `2026-03-02T09:00:${String(id).padStart(2, '0')}.000Z` });
    },
    finish() {
      finished = true;
    },
  };
}

const fast = { pollMs: 1, heartbeatMs: 60_000 };
const never = new AbortController().signal;

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const block of stream) out.push(block);
  return out;
}
const ids = (blocks: string[]) => blocks.flatMap((b) => /^id: (\d+)/.exec(b)?.[1] ?? []).map(Number);

describe('formatEvent', () => {
  it('writes id, event and one line of JSON data, ending the block with a blank line', () => {
    const block = formatEvent({
      id: 42,
      kind: 'progress',
      data: { done: 3, unit: 'rows', message: 'line one\nline two' },
      at: '2026-03-02T09:00:00.000Z',
    });
    expect(block).toBe(
      'id: 42\nevent: progress\ndata: {"done":3,"unit":"rows","message":"line one\\nline two","at":"2026-03-02T09:00:00.000Z"}\n\n',
    );
  });
});

describe('eventStream', () => {
  it('sends every event of a finished job in order, then ends', async () => {
    const job = fakeJob();
    job.append('state', { state: 'queued' });
    job.append('state', { state: 'running' });
    job.append('progress', { done: 1, unit: 'rows' });
    job.append('state', { state: 'succeeded' });
    job.finish();
    const blocks = await collect(eventStream(job.reader, 0, never, fast));
    expect(ids(blocks)).toEqual([1, 2, 3, 4]);
    expect(blocks[3]).toContain('event: state\ndata: {"state":"succeeded"');
  });

  it('resumes strictly after the given event id', async () => {
    const job = fakeJob();
    for (let i = 0; i < 5; i++) job.append('progress', { done: i, unit: 'rows' });
    job.finish();
    expect(ids(await collect(eventStream(job.reader, 3, never, fast)))).toEqual([4, 5]);
  });

  it('follows a running job: events written later arrive, and the stream ends after the last one', async () => {
    const job = fakeJob();
    job.append('state', { state: 'running' });
    const stream = eventStream(job.reader, 0, never, fast);
    const first = await stream.next();
    expect(first.value).toContain('id: 1\n');
    job.append('progress', { done: 5, unit: 'rows' });
    expect((await stream.next()).value).toContain('id: 2\n');
    const pending = stream.next();
    job.finish();
    job.append('state', { state: 'succeeded' });
    expect((await pending).value).toContain('id: 3\n');
    expect((await stream.next()).done).toBe(true);
  });

  it('still sends the events that commit between its last read and seeing the job finished', async () => {
    const job = fakeJob();
    job.append('state', { state: 'running' });
    const reader: EventReader = {
      eventsAfter: job.reader.eventsAfter,
      async finished() {
        // The worker's last progress and final state land just as the stream checks.
        job.append('progress', { done: 10, total: 10, unit: 'rows' });
        job.append('state', { state: 'succeeded' });
        return true;
      },
    };
    expect(ids(await collect(eventStream(reader, 0, never, fast)))).toEqual([1, 2, 3]);
  });

  it('reads a long backlog in batches without skipping or repeating', async () => {
    const job = fakeJob();
    for (let i = 0; i < 450; i++) job.append('progress', { done: i, unit: 'rows' });
    job.finish();
    const got = ids(await collect(eventStream(job.reader, 0, never, fast)));
    expect(got).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(job.reads.length).toBeGreaterThan(2);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const job = fakeJob();
    const stream = eventStream(job.reader, 0, never, { pollMs: 1, heartbeatMs: 0 });
    expect((await stream.next()).value).toBe(heartbeat);
    job.append('state', { state: 'running' });
    let block = (await stream.next()).value;
    while (block === heartbeat) block = (await stream.next()).value;
    expect(block).toContain('id: 1\n');
  });

  it('stops when its signal fires, even while waiting for events', async () => {
    const job = fakeJob();
    const stop = new AbortController();
    const stream = eventStream(job.reader, 0, stop.signal, { pollMs: 3_600_000, heartbeatMs: 60_000 });
    const pending = stream.next();
    stop.abort();
    expect((await pending).done).toBe(true);
  });
});
