// Seeded fuzz of every API route (read from the app, so a new route is fuzzed unedited): bad input is answered 2xx-4xx
// with a coded error, never 5xx or a hang, the server stays up, and a refused request leaves the database as it was;
// then valid and invalid requests interleaved on one keep-alive connection (the real node server). FUZZ_SEED=N
// replays a failure; FUZZ_RUNS=N sends N random requests per route and role (default 12).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { serve } from '@hono/node-server';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { checkToken } from '../../src/server/auth/tokens';
import { records } from '../../src/server/db/schema';
import { DISCARD_MAX_BYTES } from '../../src/server/http/body-limit';
import { isJsonMediaType } from '../../src/server/http/errors';
import type { LogLine } from '../../src/server/http/logging';
import { API_PREFIX, PUSH_MAX_BODY_BYTES } from '../../src/shared/api';
import { isApiErrorCode } from '../../src/shared/error-codes';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import {
  type ApiRoute,
  apiRoutes,
  BROKEN_KINDS,
  contentType,
  deepJson,
  exampleBody,
  fillPath,
  fuzzBody,
  hasBody,
  JSON_TYPE,
  type KnownIds,
  OVER_JSON_LIMIT,
  OVER_LIMITS,
  oddQuery,
  paddedBody,
  QUERY_NAMES,
  streamOf,
  stringPaths,
  unfillableParams,
  withString,
} from './support/fuzz-inputs';
import { fuzzRuns, fuzzSeed, seededRandom } from './support/fuzz-random';
import { changedTables, type Snapshot, snapshot, tableNames } from './support/fuzz-snapshot';

const SEED = fuzzSeed();
const RUNS = fuzzRuns();
/** Longer than any answer takes on this machine: past it a request counts as a hang. */
const HANG_MS = 20_000;
/** Requests per route and role with a NUL in one query parameter or one string of the body. */
const NUL_CASES = 2;
/** The fuzz's own time limit: grows with FUZZ_RUNS, so a long run is not cut off by the server project's 30 s. */
const FUZZ_TIMEOUT_MS = 120_000 + RUNS * 10_000;

/** Routes anyone may call without a token. */
const OPEN_ROUTES = new Set([
  `POST ${API_PREFIX}/auth/login`,
  'GET /healthz',
  'HEAD /healthz',
  'GET /readyz',
  'HEAD /readyz',
]);

/**
 * Tables a refused request legitimately writes, per route: a refused sign-in counts the failure (login_attempts
 * per username, login_address_attempts per address: that is the throttle), and a refused postcode directory upload
 * leaves its import marked failed with the reason (postcode_imports: the console shows it).
 */
const WRITES_WHEN_REFUSED: Record<string, readonly string[]> = {
  [`POST ${API_PREFIX}/auth/login`]: ['login_attempts', 'login_address_attempts'],
  [`POST ${API_PREFIX}/postcode-imports`]: ['postcode_imports'],
};

type Role = 'none' | 'worker' | 'coordinator';
const ROLES: readonly Role[] = ['none', 'worker', 'coordinator'];

interface Sent {
  label: string;
  role: Role;
  route: ApiRoute;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Send the body as a stream without Content-Length. */
  streamed?: boolean;
  /** The answer must be a refusal (4xx). */
  mustRefuse: boolean;
}

interface Answer {
  status: number;
  text: string;
}

const excerpt = (text: string, max = 160) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

describe.each(databaseKinds())('the API under fuzz on %s', (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof buildApp>;
  const faults: LogLine[] = [];
  const users = {} as Record<Exclude<Role, 'none'>, TestUser>;
  let tables: string[];
  let sentCount = 0;

  const known = (): KnownIds => ({
    accountIds: [users.worker.id, users.coordinator.id],
    programmeIds: ['micro-grant', 'southend-2050-ambition'],
  });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    app = buildApp({
      db: database.db,
      logger: (line) => {
        if (line.level === 'error') faults.push(line);
      },
    });
    users.worker = await makeUser(database.db, 'worker');
    users.coordinator = await makeUser(database.db, 'coordinator');
    tables = await tableNames(database.db);
  });
  afterAll(() => database.close());

  /** Gives a role whose token a valid request revoked or whose account it disabled a fresh account and token. */
  async function heal() {
    for (const role of ['worker', 'coordinator'] as const) {
      const check = await checkToken(database.db, users[role].token);
      if (!check.ok) users[role] = await makeUser(database.db, role);
    }
  }

  function authHeaders(role: Role, random: ReturnType<typeof seededRandom>): Record<string, string> {
    if (role !== 'none') return { authorization: `Bearer ${users[role].token}` };
    const forged = random.pick([
      null,
      'Bearer',
      'Bearer ',
      `Bearer ${newId()}`,
      `Bearer ${'x'.repeat(10_000)}`,
      'Bearer a b',
      'Basic Zm9vOmJhcg==',
      `bearer ${users.worker.token}x`,
    ]);
    return forged === null ? {} : { authorization: forged };
  }

  async function send(request: Sent): Promise<Answer | 'hang'> {
    sentCount += 1;
    const headers = { ...request.headers };
    let body: BodyInit | undefined;
    if (request.body && request.streamed) body = streamOf(request.body);
    else if (request.body) {
      body = request.body as Uint8Array<ArrayBuffer>;
      // In process nothing adds it: a real client sends it, and the body limits read it first.
      headers['content-length'] = String(request.body.byteLength);
    }
    const answer = (async () => {
      const response = await app.request(
        new Request(`http://127.0.0.1${request.path}`, {
          method: request.method,
          headers,
          body,
          ...(body ? { duplex: 'half' } : {}),
        } as RequestInit),
      );
      return { status: response.status, text: await response.text() };
    })();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), HANG_MS);
    });
    try {
      return await Promise.race([answer, hang]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What is wrong with an answer, or null. */
  function problemWith(request: Sent, answer: Answer | 'hang'): string | null {
    if (answer === 'hang') return `no answer within ${HANG_MS} ms`;
    if (answer.status >= 500) return `answered ${answer.status}`;
    if (answer.status < 400)
      return request.mustRefuse ? `accepted (${answer.status}) what it must refuse` : null;
    // HEAD answers carry no body to check.
    if (request.method === 'HEAD') return null;
    let json: { error?: { code?: unknown; message?: unknown } } | null = null;
    try {
      json = JSON.parse(answer.text);
    } catch {
      return `answered ${answer.status} without a JSON body`;
    }
    const error = json?.error;
    if (!error || !isApiErrorCode(error.code)) return `answered ${answer.status} without a known error code`;
    if (typeof error.message !== 'string' || error.message === '')
      return `answered ${answer.status} without a message`;
    return null;
  }

  const describeRequest = (request: Sent, answer: Answer | 'hang') =>
    [
      `FUZZ_SEED=${SEED} (${kind})`,
      `${request.role} ${request.method} ${excerpt(request.path, 200)} [${request.label}]`,
      `content-type ${request.headers['content-type'] ?? '(none)'}`,
      request.body
        ? `body ${request.body.byteLength} bytes${request.streamed ? ' streamed' : ''}: ${excerpt(new TextDecoder().decode(request.body.slice(0, 200)))}`
        : 'no body',
      answer === 'hang' ? 'hang' : `→ ${answer.status} ${excerpt(answer.text)}`,
    ].join('\n  ');

  /** The fixed heavy cases of a route: bodies over each limit (declared and streamed) and 10,000 levels deep. */
  function fixedCases(route: ApiRoute, role: Role, random: ReturnType<typeof seededRandom>): Sent[] {
    // NUL, which PostgreSQL cannot store (it found six 500s): in one query parameter, or one string of the body.
    const example = exampleBody(route.method, route.path, known());
    const strings = example === undefined ? [] : stringPaths(example);
    const nul = Array.from({ length: NUL_CASES }, (): Sent => {
      const inBody = hasBody(route.method) && strings.length > 0;
      return {
        label: 'NUL',
        role,
        route,
        method: route.method,
        path: `${fillPath(route, random, known())}${inBody ? '' : `?${random.pick(QUERY_NAMES)}=a%00b`}`,
        headers: { 'content-type': JSON_TYPE, ...authHeaders(role, random) },
        body: inBody ? withString(example, random.pick(strings), 'a\u0000b') : undefined,
        mustRefuse: role === 'none' && !OPEN_ROUTES.has(`${route.method} ${route.path}`),
      };
    });
    if (!hasBody(route.method)) return nul;
    const jsonRoute = exampleBody(route.method, route.path, known()) !== undefined;
    const path = fillPath(route, random, known());
    const base = {
      role,
      route,
      method: route.method,
      path,
      headers: { 'content-type': JSON_TYPE, ...authHeaders(role, random) },
    };
    const refuse = jsonRoute || (role === 'none' && !OPEN_ROUTES.has(`${route.method} ${route.path}`));
    const cases: Sent[] = [];
    const sizes =
      `${route.method} ${route.path}` === `POST ${API_PREFIX}/sync/push`
        ? OVER_LIMITS
        : [OVER_JSON_LIMIT, ...OVER_LIMITS];
    for (const size of sizes) {
      cases.push({
        ...base,
        label: `over the limit: ${size} bytes`,
        body: paddedBody(size),
        mustRefuse: refuse,
      });
      cases.push({
        ...base,
        label: `over the limit: ${size} bytes streamed`,
        body: paddedBody(size),
        streamed: true,
        mustRefuse: refuse,
      });
    }
    for (const shape of ['array', 'object'] as const) {
      const body = new TextEncoder().encode(deepJson(10_000, shape));
      cases.push({ ...base, label: `10,000 levels of ${shape}`, body, mustRefuse: refuse });
    }
    return [...nul, ...cases];
  }

  function randomCase(route: ApiRoute, role: Role, random: ReturnType<typeof seededRandom>): Sent {
    const key = `${route.method} ${route.path}`;
    const example = exampleBody(route.method, route.path, known());
    let path = fillPath(route, random, known());
    if (random.chance(route.method === 'GET' ? 0.6 : 0.25)) path += oddQuery(random);
    const headers: Record<string, string> = authHeaders(role, random);
    const type = contentType(random);
    if (type !== undefined) headers['content-type'] = type;
    let label = 'no body';
    let body: Uint8Array | undefined;
    let broken = false;
    if (hasBody(route.method) && random.chance(0.9)) {
      const fuzzed = fuzzBody(random, example);
      label = fuzzed.kind;
      body = fuzzed.bytes;
      broken = BROKEN_KINDS.has(fuzzed.kind);
    }
    // A JSON route refuses any other media type (415) before it reads the body.
    if (!isJsonMediaType(type)) broken = true;
    const mustRefuse =
      (role === 'none' && !OPEN_ROUTES.has(key)) || (example !== undefined && (broken || body === undefined));
    return {
      label,
      role,
      route,
      method: route.method,
      path,
      headers,
      body,
      streamed: random.chance(0.1),
      mustRefuse,
    };
  }

  it('finds every API route in the app and can fill each one’s path parameters', () => {
    const routes = apiRoutes(app);
    // Guard: an app whose routes could not be read would pass the fuzz below without sending a thing.
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toContain(`POST ${API_PREFIX}/sync/push`);
    const unfillable = routes
      .filter((route) => unfillableParams(route).length > 0)
      .map(
        (route) => `${route.method} ${route.path}: no fuzz values for ${unfillableParams(route).join(', ')}`,
      );
    expect(unfillable, 'add the parameter to PARAM_VALUES in test/server/support/fuzz-inputs.ts').toEqual([]);
  });

  it('answers every fuzzed request with 2xx-4xx and a coded error, stays up, and a refusal changes nothing', {
    timeout: FUZZ_TIMEOUT_MS,
  }, async () => {
    const random = seededRandom(SEED);
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let before: Snapshot = await snapshot(database.db, tables);
    const routes = [
      ...apiRoutes(app),
      // The API's own not-found answer, for paths no route has.
      ...['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].map((method) => ({
        method,
        path: `${API_PREFIX}/no-such-route`,
        params: [],
      })),
    ];
    for (const route of routes) {
      for (const role of ROLES) {
        const cases = [
          ...fixedCases(route, role, random),
          ...Array.from({ length: RUNS }, () => randomCase(route, role, random)),
        ];
        for (const request of cases) {
          const answer = await send(request);
          const group = answer === 'hang' ? 'hang' : `${String(answer.status).slice(0, 1)}xx`;
          statuses[group] = (statuses[group] ?? 0) + 1;
          const problem = problemWith(request, answer);
          if (problem) failures.push(`${problem}\n  ${describeRequest(request, answer)}`);
          if (answer !== 'hang' && answer.status < 400) {
            // Accepted: what it wrote is the next request's starting point.
            await heal();
            before = await snapshot(database.db, tables);
          } else {
            const after = await snapshot(database.db, tables);
            const allowed = WRITES_WHEN_REFUSED[`${route.method} ${route.path}`];
            const changed = changedTables(before, after, allowed);
            if (changed.length > 0)
              failures.push(
                `refused, yet changed ${changed.join(', ')}\n  ${describeRequest(request, answer)}`,
              );
            before = after;
          }
          if (failures.length >= 20) break;
        }
      }
      const health = await app.request('/healthz');
      const ready = await app.request('/readyz');
      if (health.status !== 200 || ready.status !== 200)
        failures.push(
          `FUZZ_SEED=${SEED} (${kind}): health ${health.status}, ready ${ready.status} after ${route.method} ${route.path}`,
        );
    }
    const faultLines = faults.map((line) => JSON.stringify(line));
    expect(
      [...failures.slice(0, 20), ...faultLines.slice(0, 10)],
      `FUZZ_SEED=${SEED} replays this run`,
    ).toEqual([]);
    // Guard: a fuzz that sent almost nothing would pass without proving anything.
    expect(sentCount).toBeGreaterThan(routes.length * ROLES.length * RUNS);
    console.info(
      `fuzz on ${kind}: ${sentCount} requests ${JSON.stringify(statuses)}, FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS}`,
    );
  });

  describe('on one keep-alive connection (the real node server)', () => {
    let server: ReturnType<typeof serve>;
    let port: number;
    let connections = 0;
    // Its own account: the fuzz above may have disabled (and replaced) the shared ones.
    let worker: TestUser;

    beforeAll(async () => {
      worker = await makeUser(database.db, 'worker');
      server = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
      });
      server.on('connection', () => {
        connections += 1;
      });
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    interface Step {
      method: string;
      path: string;
      body?: string | Buffer;
      chunked?: boolean;
      contentType?: string;
      status: number;
    }

    function request(agent: http.Agent, step: Step) {
      return new Promise<{ status: number; code?: string; connection?: string }>((resolve, reject) => {
        const headers: Record<string, string | number> = { authorization: `Bearer ${worker.token}` };
        if (step.contentType) headers['content-type'] = step.contentType;
        if (step.body !== undefined && !step.chunked)
          headers['content-length'] = Buffer.byteLength(step.body);
        const sent = http.request(
          { agent, host: '127.0.0.1', port, method: step.method, path: step.path, headers },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
            });
            response.on('end', () => {
              let code: string | undefined;
              try {
                code = JSON.parse(text)?.error?.code;
              } catch {
                code = undefined;
              }
              resolve({
                status: response.statusCode ?? 0,
                code,
                connection: response.headers.connection,
              });
            });
          },
        );
        sent.on('error', reject);
        if (step.body === undefined) sent.end();
        else if (step.chunked) {
          const body = Buffer.from(step.body);
          for (let at = 0; at < body.length; at += 256 * 1024) sent.write(body.subarray(at, at + 256 * 1024));
          sent.end();
        } else sent.end(step.body);
      });
    }

    it('answers valid and refused requests in order and stays usable after each refusal, a 413 included', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const device = newId();
      const pushed: string[] = [];
      const validPush = (): Step => {
        const c = change();
        pushed.push(c.recordId as string);
        return {
          method: 'POST',
          path: `${API_PREFIX}/sync/push`,
          body: JSON.stringify(pushBody(device, [c])),
          contentType: JSON_TYPE,
          status: 200,
        };
      };
      const push = (body: string | Buffer, status: number, extra: Partial<Step> = {}): Step => ({
        method: 'POST',
        path: `${API_PREFIX}/sync/push`,
        body,
        contentType: JSON_TYPE,
        status,
        ...extra,
      });
      const overLimit = Buffer.from(paddedBody(PUSH_MAX_BODY_BYTES + 1));
      const steps: Step[] = [
        { method: 'GET', path: `${API_PREFIX}/sync/pull`, status: 200 },
        push('{"protocolVersion":1,', 400),
        validPush(),
        push(overLimit, 413),
        validPush(),
        push(overLimit, 413, { chunked: true }),
        { method: 'GET', path: `${API_PREFIX}/sync/pull?cursor=../../x`, status: 400 },
        push(JSON.stringify(pushBody(device, [])), 415, { contentType: 'text/plain' }),
        push(deepJson(10_000, 'array'), 400),
        push(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 400),
        push(JSON.stringify({ ...pushBody(device, []), protocolVersion: 99 }), 400),
        { method: 'GET', path: `${API_PREFIX}/records`, status: 403 },
        { method: 'DELETE', path: `${API_PREFIX}/no-such-route`, status: 404 },
        validPush(),
        { method: 'GET', path: '/healthz', status: 200 },
      ];
      try {
        const before = connections;
        // All at once: the agent queues them on its one socket, so each waits for the answer before it.
        const answers = await Promise.all(steps.map((step) => request(agent, step)));
        expect(answers.map((answer) => answer.status)).toEqual(steps.map((step) => step.status));
        expect(
          answers.filter((answer) => answer.status >= 400).every((answer) => isApiErrorCode(answer.code)),
        ).toBe(true);
        expect(answers.map((answer) => answer.connection)).not.toContain('close');
        expect(connections - before).toBe(1);
        const [stored] = await database.db.select({ n: count() }).from(records);
        expect(stored?.n).toBeGreaterThanOrEqual(pushed.length);
        const found = await database.db
          .select({ id: records.id })
          .from(records)
          .where(inArray(records.id, pushed));
        expect(found).toHaveLength(pushed.length);
      } finally {
        agent.destroy();
      }
    });

    /** Writes `raw` on a new socket and reads until the server closes it. */
    function exchange(raw: Buffer): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.on('error', reject);
        socket.write(raw);
      });
    }

    const rawRequest = (
      method: string,
      path: string,
      body = '',
      headers: Record<string, string | number> = {},
    ) => {
      const lines = [
        `${method} ${path} HTTP/1.1`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${worker.token}`,
      ];
      for (const [name, value] of Object.entries({ 'Content-Length': Buffer.byteLength(body), ...headers }))
        lines.push(`${name}: ${value}`);
      return `${lines.join('\r\n')}\r\n\r\n${body}`;
    };

    it('answers pipelined requests, refused ones among them, each in order on the one socket', async () => {
      const device = newId();
      const c = change();
      const body = JSON.stringify(pushBody(device, [c]));
      const raw = [
        rawRequest('GET', `${API_PREFIX}/sync/pull`),
        rawRequest('POST', `${API_PREFIX}/sync/push`, '{"changes": [', { 'Content-Type': JSON_TYPE }),
        rawRequest('POST', `${API_PREFIX}/sync/push`, body, { 'Content-Type': 'text/csv' }),
        rawRequest('GET', `${API_PREFIX}/sync/pull?cursor=-1&cursor=NaN`),
        rawRequest('POST', `${API_PREFIX}/sync/push`, body, { 'Content-Type': JSON_TYPE }),
        rawRequest('GET', '/healthz', '', { Connection: 'close' }),
      ].join('');
      const text = await exchange(Buffer.from(raw));
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
      expect(statuses).toEqual([200, 400, 415, 400, 200, 200]);
      const found = await database.db
        .select({ id: records.id })
        .from(records)
        .where(eq(records.id, c.recordId as string));
      expect(found).toHaveLength(1);
    });

    it('closes the connection cleanly after a declared body too big to read through (413, Connection: close)', async () => {
      const declared = PUSH_MAX_BODY_BYTES + DISCARD_MAX_BYTES + 1;
      const head = rawRequest('POST', `${API_PREFIX}/sync/push`, '', {
        'Content-Type': JSON_TYPE,
        'Content-Length': declared,
      });
      const text = await exchange(Buffer.from(`${head}{"pad":"xxxx`));
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
      expect(text).toContain('"code":"body-too-large"');
      const after = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(after.status).toBe(200);
    });
  });
});
