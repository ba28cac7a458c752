// A small round-robin HTTP proxy in front of one or more app servers, which can be told to misbehave on API requests
// (a failing server or gateway, a refusal, a slow answer, a connection dropped before or after the server committed),
// for sync, chaos and load tests.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with API requests when no per-request hook is set (setApiMode): pass them through, answer
 * 500, drop the connection without an answer and without forwarding (the server unreachable), or answer with this
 * status and error code (a refusal).
 */
export type ApiMode = 'pass' | 'fail' | 'unreachable' | { status: number; code: string; message: string };

/**
 * One API request's fate, as a setFaults hook decides it:
 * - `pass`: forwarded to the next upstream, its answer passed back.
 * - `fail`: answered 500 `server-error` by the proxy; nothing reaches a server.
 * - `unreachable`: the connection is dropped before anything is forwarded (nothing reaches a server).
 * - `refuse`: answered with this status and error code by the proxy; nothing reaches a server.
 * - `slow`: forwarded; the server's answer is held `delayMs` before it is passed back.
 * - `drop-after-commit`: forwarded; once the server has answered (and so committed), the client's connection is
 *   destroyed instead of answered, as when the network drops before the tablet hears back.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'fail' }
  | { kind: 'unreachable' }
  | { kind: 'refuse'; status: number; code: string; message: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop-after-commit' };

/** What a setFaults hook is told about an API request. */
export interface ProxiedRequest {
  method: string;
  /** The path without its query string, e.g. `/api/v1/sync/push`. */
  path: string;
  /** 1 for the first API request the proxy saw, in arrival order. */
  sequence: number;
  /** 1 for the first request to this path. */
  pathSequence: number;
}

/**
 * Decides each API request's fault. Called once per API request, in the order requests arrive, before anything is
 * forwarded: a hook that draws from a seeded random generator gives the same sequence of decisions for a seed.
 */
export type FaultHook = (request: ProxiedRequest) => Fault;

export interface ApiProxy {
  /** The proxy's address: what browsers and clients use. */
  url: string;
  /** The servers requests go to, in turn. */
  readonly upstreams: readonly string[];
  /**
   * Replaces the servers requests go to. Requests go to each in turn (round-robin); a server that refuses the
   * connection (stopped, restarting) is skipped for the next, since nothing reached it. With none left: 502.
   */
  setUpstreams(upstreams: readonly string[]): void;
  /** Makes the proxy answer every API request with 500 (true) or pass it through (false). */
  failApi(failing: boolean): void;
  setApiMode(mode: ApiMode): void;
  /**
   * After `answered` requests to `path` have had their answers, later ones still reach the server (which applies
   * them) but their answers never come back: the connection hangs, as when a network drops after the server
   * committed. `null` ends that.
   */
  holdAnswers(hold: { path: string; answered: number } | null): void;
  /** A per-request hook (see FaultHook) that overrides setApiMode while set; `null` removes it. */
  setFaults(hook: FaultHook | null): void;
  /** Counts of API requests the proxy saw, by path. */
  apiRequests: Map<string, number>;
  /** Counts of requests each upstream answered, by its address. */
  answeredBy: Map<string, number>;
  /** Counts of API requests each fault kind was applied to (hook decisions only). */
  faultsApplied: Map<Fault['kind'], number>;
  close(): Promise<void>;
}

/** Connect errors: the server never got the request, so another may take it. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND']);
/** What `fail` answers: a failing server or gateway. */
const SERVER_ERROR = { status: 500, code: 'server-error', message: 'Down for a moment' };

function modeFault(mode: ApiMode): Fault {
  if (mode === 'pass') return { kind: 'pass' };
  if (mode === 'fail') return { kind: 'fail' };
  if (mode === 'unreachable') return { kind: 'unreachable' };
  return { kind: 'refuse', ...mode };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startApiProxy(initialUpstreams: readonly string[]): Promise<ApiProxy> {
  let upstreams = [...initialUpstreams];
  let next = 0;
  let mode: ApiMode = 'pass';
  let hold: { path: string; answered: number } | null = null;
  let hook: FaultHook | null = null;
  let sequence = 0;
  const apiRequests = new Map<string, number>();
  const faultsApplied = new Map<Fault['kind'], number>();
  const answeredBy = new Map<string, number>();
  // A fresh connection per forwarded request: a refused connect then always means the server never saw it (a
  // reused keep-alive socket that breaks mid-request would leave that unknown).
  const agent = new Agent({ keepAlive: false });

  /** Sends the request to upstreams in turn from the next one, skipping those that refuse the connection. */
  function forward(
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (answer: IncomingMessage, upstream: string) => void,
    onFailure: () => void,
  ) {
    const candidates = [...upstreams];
    const start = next++;
    const attempt = (tried: number) => {
      if (tried >= candidates.length) {
        onFailure();
        return;
      }
      const upstream = candidates[(start + tried) % candidates.length] as string;
      const target = new URL(upstream);
      const outgoing = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, connection: 'close' },
          agent,
        },
        (answer) => onAnswer(answer, upstream),
      );
      let connected = false;
      outgoing.on('socket', (socket) => socket.once('connect', () => (connected = true)));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (!connected && NOT_REACHED.has(error.code ?? '')) attempt(tried + 1);
        else onFailure();
      });
      outgoing.end(body);
    };
    attempt(0);
  }

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const api = path.startsWith('/api/');
    let fault: Fault = { kind: 'pass' };
    if (api) {
      sequence += 1;
      const pathSequence = (apiRequests.get(path) ?? 0) + 1;
      apiRequests.set(path, pathSequence);
      if (hook) {
        fault = hook({ method: req.method ?? 'GET', path, sequence, pathSequence });
        faultsApplied.set(fault.kind, (faultsApplied.get(fault.kind) ?? 0) + 1);
      } else {
        fault = modeFault(mode);
      }
    }
    if (fault.kind === 'unreachable') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'fail' || fault.kind === 'refuse') {
      const answer = fault.kind === 'fail' ? SERVER_ERROR : fault;
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: answer.code, message: answer.message } }));
      return;
    }
    const held = api && hold !== null && path === hold.path && (apiRequests.get(path) ?? 0) > hold.answered;
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    forward(
      req,
      body,
      (answer, upstream) => {
        answeredBy.set(upstream, (answeredBy.get(upstream) ?? 0) + 1);
        // The server has answered (and committed): the answer is dropped on the floor (the connection hangs), or
        // the connection is cut.
        if (held || fault.kind === 'drop-after-commit') {
          answer.resume();
          if (fault.kind === 'drop-after-commit') answer.on('end', () => req.socket.destroy());
          return;
        }
        const pass = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (fault.kind === 'slow') setTimeout(pass, fault.delayMs);
        else pass();
      },
      () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get upstreams() {
      return upstreams;
    },
    setUpstreams(list) {
      upstreams = [...list];
    },
    failApi(failing) {
      mode = failing ? 'fail' : 'pass';
    },
    setApiMode(value) {
      mode = value;
    },
    holdAnswers(value) {
      hold = value;
    },
    setFaults(value) {
      hook = value;
    },
    apiRequests,
    faultsApplied,
    answeredBy,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
