/**
 * A loopback HTTP server that stands between a reader and DynamoDB to misbehave on purpose:
 * hold the answer (a slow table), or answer with one of DynamoDB's error bodies (throttling,
 * access denied). It notes, in order, what happened, so a test asserts by order, not by time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode =
  | { readonly kind: 'hold'; readonly ms: number; readonly target: string }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly type: string;
      readonly message: string;
    };

export interface LoopbackProxy {
  readonly endpoint: string;
  /** What happened, in order: `request`, `aborted` (the client gave up), `answered`. */
  readonly events: string[];
  /** Resolves when every request so far has ended (answered or aborted). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @param events where to note what happens (shared by several proxies to see their order)
 * @param label put before each note (`a:request`), to tell shared notes apart
 */
export async function startLoopbackProxy(
  mode: ProxyMode,
  events: string[] = [],
  label = '',
): Promise<LoopbackProxy> {
  const pending = new Set<Promise<void>>();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    events.push(`${label}request`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (mode.kind === 'error') {
      response.writeHead(mode.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: mode.type, message: mode.message }));
      events.push(`${label}answered`);
      return;
    }
    let aborted = false;
    response.once('close', () => {
      if (!response.writableFinished) {
        aborted = true;
        events.push(`${label}aborted`);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, mode.ms));
    if (aborted) return;
    const upstream = await fetch(mode.target, {
      method: 'POST',
      headers: request.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    response.writeHead(upstream.status, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(await upstream.text());
    events.push(`${label}answered`);
  };
  const server: Server = createServer((request, response) => {
    const done = handle(request, response).catch(() => undefined);
    pending.add(done);
    void done.finally(() => pending.delete(done));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    events,
    settled: async () => {
      await Promise.all([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
