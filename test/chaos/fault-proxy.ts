// A proxy in front of the app for the chaos test: every API request is passed, failed (500), slowed, dropped before
// it reaches the server, or dropped after the server answered (it committed; the tablet never hears back), as a
// fault function chosen per request says. Non-API requests (the app's files) always pass.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What happens to one API request. */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'fail'; status: 500 | 502 | 503 }
  | { kind: 'slow'; ms: number }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' };

export type FaultKind = Fault['kind'];

export interface ProxiedRequest {
  method: string;
  path: string;
}

export type FaultPlan = (request: ProxiedRequest) => Fault;

export interface FaultProxy {
  url: string;
  setFaults(plan: FaultPlan): void;
  /** API requests seen, by the fault they met. */
  counts: Map<FaultKind, number>;
  stop(): Promise<void>;
}

export const PASS: Fault = { kind: 'pass' };

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let plan: FaultPlan = () => PASS;
  const counts = new Map<FaultKind, number>();

  const forward = (req: IncomingMessage, res: ServerResponse, answer: 'deliver' | 'drop') => {
    const upstreamRequest = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (upstreamResponse) => {
        if (answer === 'drop') {
          // The server has answered (so committed); the tablet's connection breaks before it hears anything.
          upstreamResponse.on('end', () => req.socket.destroy());
          upstreamResponse.resume();
          return;
        }
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', () => req.socket.destroy());
    req.pipe(upstreamRequest);
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    // The app's own files always arrive: the faults are the API's.
    const fault = path.startsWith('/api/') ? plan({ method: req.method ?? 'GET', path }) : PASS;
    if (path.startsWith('/api/')) counts.set(fault.kind, (counts.get(fault.kind) ?? 0) + 1);
    switch (fault.kind) {
      case 'pass':
        return forward(req, res, 'deliver');
      case 'drop-after':
        return forward(req, res, 'drop');
      case 'drop-before':
        req.socket.destroy();
        return;
      case 'fail':
        req.resume();
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'server-error', message: 'Chaos: the server failed' } }));
        return;
      case 'slow': {
        // Hold the request back, then deliver it (req is paused until piped).
        const timer = setTimeout(() => forward(req, res, 'deliver'), fault.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setFaults(next) {
      plan = next;
    },
    counts,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
