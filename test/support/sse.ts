/** Reading server-sent event streams in tests and benchmarks, over a real connection. */

export interface SseEvent {
  readonly id: number;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/**
 * Parses a text/event-stream body into its events (comments, heartbeats and `retry:` dropped);
 * a block still arriving (no blank line after it yet) is left for the next read.
 */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .slice(0, -1)
    .filter((block) => block.split('\n').some((line) => line.startsWith('id: ')))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      return { id: Number(field('id')), event: field('event'), data: JSON.parse(field('data')) };
    });
}

export interface SseClient {
  readonly status: number;
  /** Everything received so far. */
  text(): string;
  events(): SseEvent[];
  /** Reads until `done(events)` holds; throws when the stream ends first or `timeoutMs` passes. */
  until(what: string, done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** Reads until the server ends the stream (throws after `timeoutMs`). */
  end(timeoutMs?: number): Promise<void>;
  /** Calls `onEvent` for each event as it arrives, until the stream ends or is closed. */
  follow(onEvent: (event: SseEvent) => void): Promise<void>;
  close(): Promise<void>;
}

/** Opens a stream; the answer's status is there even when it is not a stream (a refusal). */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const readOnce = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
    if (chunk === 'timeout') return false;
    if (chunk.done) ended = true;
    else text += decoder.decode(chunk.value, { stream: true });
    return true;
  };
  return {
    status: res.status,
    text: () => text,
    events: () => parseSse(text),
    async until(what, done, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(parseSse(text))) {
        if (ended) throw new Error(`the stream ended before ${what}:\n${text}`);
        const left = deadline - Date.now();
        if (left <= 0 || !(await readOnce(left)))
          throw new Error(`no ${what} within ${timeoutMs} ms:\n${text}`);
      }
      return parseSse(text);
    },
    async end(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ended) {
        const left = deadline - Date.now();
        if (left <= 0 || !(await readOnce(left)))
          throw new Error(`the stream did not end within ${timeoutMs} ms`);
      }
    },
    async follow(onEvent) {
      // Parsed as it comes (only the blocks not yet complete are kept), so a long stream costs
      // the same per event as a short one.
      let pending = '';
      while (!ended && !abort.signal.aborted) {
        const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (chunk.done) break;
        const piece = decoder.decode(chunk.value, { stream: true });
        text += piece;
        pending += piece;
        const cut = pending.lastIndexOf('\n\n');
        if (cut < 0) continue;
        for (const event of parseSse(pending.slice(0, cut + 2))) onEvent(event);
        pending = pending.slice(cut + 2);
      }
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}
