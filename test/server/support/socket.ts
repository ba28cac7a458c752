// The real node server on a loopback port, and POSTs to it over a chosen agent (keep-alive, chunked or with a length).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Json } from './api';

/** Serves `fetch` on 127.0.0.1 and an unused port; `close()` stops it. */
export async function listen(fetch: (request: Request) => Response | Promise<Response>) {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SocketAnswer {
  status: number;
  json: Json;
  connection: string | undefined;
  reusedSocket: boolean;
}

/** One JSON POST through `agent`; `chunked` sends the body in 1 MiB writes without a Content-Length. */
export function postOver(
  agent: http.Agent,
  port: number,
  path: string,
  body: string,
  options: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      ...options.headers,
    };
    if (!options.chunked) headers['content-length'] = Buffer.byteLength(body);
    const request = http.request(
      { agent, host: '127.0.0.1', port, method: 'POST', path, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            json: JSON.parse(text),
            connection: response.headers.connection,
            reusedSocket: request.reusedSocket,
          }),
        );
      },
    );
    request.on('error', reject);
    if (options.chunked) {
      // Several writes, so the body really goes out in chunks.
      for (let i = 0; i < body.length; i += 1024 * 1024) request.write(body.slice(i, i + 1024 * 1024));
      request.end();
    } else request.end(body);
  });
}
