import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { integerParam } from './api-schemas.js';

/**
 * Server-sent events (text/event-stream), as every streaming route answers them: the block
 * format, the heartbeat, the Last-Event-ID header, and the reply that pipes a stream of blocks.
 */

/** One event as an SSE block: `id`, `event` and one line of JSON `data` (JSON has no raw newlines). */
export function sseBlock(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: clients ignore it, proxies see traffic and keep the connection. */
export const heartbeat = ': heartbeat\n\n';

/** The Last-Event-ID header SSE clients send when they reconnect. */
export const lastEventIdHeaders = z.looseObject({
  'last-event-id': integerParam({ min: 0, max: Number.MAX_SAFE_INTEGER }).optional().meta({
    description: 'Resume after this event id (SSE clients send the last id they got when they reconnect)',
  }),
});

/** Route options every stream needs: no compression (it would hold events back), no HEAD. */
export const streamRouteOptions = { compress: false, exposeHeadRoute: false } as const;

/**
 * Ends every open stream of a plugin when the server closes, so draining requests does not wait
 * on them; their clients reconnect (to another process) with Last-Event-ID and lose nothing.
 * Returns what a route calls to answer with a stream.
 */
export function eventStreams(app: FastifyInstance) {
  const open = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.abort();
  });
  return {
    /** Answers with the blocks `blocks(signal)` yields; `signal` fires when the client leaves or the server closes. */
    send(reply: FastifyReply, blocks: (signal: AbortSignal) => AsyncIterable<string>) {
      const stop = new AbortController();
      open.add(stop);
      reply.raw.once('close', () => {
        stop.abort();
        open.delete(stop);
      });
      reply
        .header('cache-control', 'no-cache')
        // A stream ends only to be reconnected: its connection is not kept for reuse, so a server
        // that ends its streams to shut down is not then held by idle keep-alive sockets.
        .header('connection', 'close')
        // nginx and similar proxies buffer answers unless told not to.
        .header('x-accel-buffering', 'no')
        .type('text/event-stream; charset=utf-8');
      // Fastify pipes a stream as it is; the typed reply only knows the documented (text) answer.
      return reply.send(Readable.from(blocks(stop.signal), { objectMode: false }) as never);
    },
  };
}
