/**
 * A JWKS endpoint on 127.0.0.1 that fails the way a real one can after it has accepted the
 * connection: it sends the status and headers and part of the body, then stalls (`stall`) or
 * breaks the connection off (`break`). Close it in the test that opened it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type JwksFault = 'stall' | 'break';

export interface FaultyJwks {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export const serveFaultyJwks = async (fault: JwksFault): Promise<FaultyJwks> => {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
    res.write('{"keys":[{"kty":"RSA",');
    if (fault === 'break') setTimeout(() => res.socket?.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
