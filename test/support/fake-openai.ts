import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server speaking enough of the OpenAI chat completions API (POST /v1/chat/completions,
 * not streamed) to drive the real LangChain client: each request is recorded and answered with
 * the next scripted reply — tool calls, text, an HTTP status or a delay.
 */
export interface Recorded {
  readonly headers: IncomingMessage['headers'];
  readonly body: {
    model: string;
    temperature?: number;
    stream?: boolean;
    tool_choice?: unknown;
    tools?: {
      type: string;
      function: { name: string; description: string; parameters: Record<string, unknown> };
    }[];
    messages: { role: string; content: string }[];
  };
}

export type Reply =
  | { toolCalls: { name: string; arguments: string }[] }
  | { text: string }
  | { status: number }
  | { delayMs: number };

function completion(
  res: ServerResponse,
  requests: readonly Recorded[],
  model: string,
  message: Record<string, unknown>,
  finish: string,
) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    }),
  );
}

async function handle(req: IncomingMessage, res: ServerResponse, requests: Recorded[], replies: Reply[]) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(raw) as Recorded['body'];
  requests.push({ headers: req.headers, body });
  const reply = replies.shift() ?? { status: 599 };
  if ('delayMs' in reply) {
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (!res.destroyed) completion(res, requests, body.model, { content: 'late' }, 'stop');
  } else if ('status' in reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
  } else if ('text' in reply) {
    completion(res, requests, body.model, { content: reply.text }, 'stop');
  } else {
    const tool_calls = reply.toolCalls.map((c, i) => ({
      id: `call_${i}`,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
    completion(res, requests, body.model, { content: null, tool_calls }, 'tool_calls');
  }
}

export interface FakeOpenAi {
  /** The base URL to configure (…/v1). */
  readonly baseUrl: string;
  /** Requests received, oldest first. */
  readonly requests: Recorded[];
  /** Replies to give, in order (a 599 when none is left). */
  readonly replies: Reply[];
  /** Empties both lists (in place). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: Recorded[] = [];
  const replies: Reply[] = [];
  const server = createServer((req, res) => {
    handle(req, res, requests, replies).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    replies,
    reset() {
      requests.length = 0;
      replies.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A reply with one tool call. */
export const toolCall = (name: string, args: unknown): Reply => ({
  toolCalls: [{ name, arguments: JSON.stringify(args) }],
});

/** The base URL of a port nothing listens on (opened, then closed): a provider that is down. */
export async function unreachableBaseUrl(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}
