// The API fuzz's inputs: the routes read from the app itself, odd path params, query strings, content types and
// bodies (malformed, truncated, mistyped, huge, deep, not UTF-8, over the limit), each labelled for replay.
import { createHash } from 'node:crypto';
import type { AnchorApp } from '../../../src/server/app';
import {
  API_PREFIX,
  ATTACHMENT_MAX_BYTES,
  JSON_MAX_BODY_BYTES,
  PUSH_MAX_BODY_BYTES,
} from '../../../src/shared/api';
import { RecordQuerySchema } from '../../../src/shared/console';
import { newId } from '../../../src/shared/ids';
import { PROTOCOL_VERSION } from '../../../src/shared/sync-protocol';
import { change, pushBody } from './api';
import type { Random } from './fuzz-random';

export interface ApiRoute {
  method: string;
  /** Hono's pattern, e.g. /api/v1/records/:id/review. */
  path: string;
  params: string[];
}

/** Methods whose requests carry a body here. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const hasBody = (method: string) => BODY_METHODS.has(method);

const PARAM = /:([A-Za-z0-9_]+)(\{[^}]*\})?/g;

/**
 * Every route the app answers under the API prefix, plus the health checks, once per method (a route's
 * middleware shows in app.routes as more handlers on the same method and path). `ALL` entries are middleware and
 * the API's not-found answer; GET routes are fuzzed with HEAD too (Hono answers HEAD through them).
 */
export function apiRoutes(app: AnchorApp): ApiRoute[] {
  const seen = new Map<string, ApiRoute>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    if (!route.path.startsWith(`${API_PREFIX}/`) && !/^\/(healthz|readyz)$/.test(route.path)) continue;
    const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
    for (const method of methods) {
      const key = `${method} ${route.path}`;
      if (seen.has(key)) continue;
      seen.set(key, {
        method,
        path: route.path,
        params: [...route.path.matchAll(PARAM)].map((match) => `${match[1]}${match[2] ?? ''}`),
      });
    }
  }
  return [...seen.values()];
}

/** Ids the fuzz may put in a path that the database really holds (accounts, programmes). */
export interface KnownIds {
  accountIds: string[];
  programmeIds: string[];
}

/** Odd values for any id, cursor or number: not UUIDs, very long, path tricks, unicode, numbers that are not. */
export const ODD_IDS: readonly string[] = [
  'not-a-uuid',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F',
  'x'.repeat(5000),
  '-1',
  '0',
  '-0',
  'NaN',
  'Infinity',
  '1e309',
  '9'.repeat(40),
  '0x10',
  '%00',
  '%',
  '%zz',
  '%ff%fe',
  '%C0%AF',
  encodeURIComponent('名前😀'),
  encodeURIComponent('\u202egnp.exe'),
  encodeURIComponent("'; DROP TABLE records; --"),
  '00000000-0000-0000-0000-000000000000',
  '0192f0c1-7a3b-7c2d-8e4f-5a6b7c8d9e0f'.toUpperCase(),
  'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  `${newId()}extra`,
  `${newId()}%20`,
  'review',
  'latest',
  'export.csv',
];

/**
 * Values for each path parameter the API uses; a parameter not named here fails the fuzz (add its values).
 * Some values are real or well-formed, so the route's deeper checks get fuzzed too.
 */
export const PARAM_VALUES: Record<string, (random: Random, known: KnownIds) => string> = {
  id: (random, known) =>
    random.chance(0.5)
      ? random.pick(ODD_IDS)
      : random.pick([newId(), ...known.accountIds, ...known.programmeIds]),
  deviceId: (random) => (random.chance(0.5) ? random.pick(ODD_IDS) : newId()),
  sha256: (random) =>
    random.chance(0.5)
      ? random.pick(ODD_IDS)
      : createHash('sha256')
          .update(String(random.next()))
          .digest(random.chance(0.8) ? 'hex' : 'base64url'),
};

/** The parameters of `route` the fuzz has no values for. */
export const unfillableParams = (route: ApiRoute) => route.params.filter((name) => !(name in PARAM_VALUES));

export function fillPath(route: ApiRoute, random: Random, known: KnownIds): string {
  return route.path.replace(PARAM, (_whole, name: string) =>
    (PARAM_VALUES[name] as (random: Random, known: KnownIds) => string)(random, known),
  );
}

/** The records query's parameters (read from its schema, so new ones are fuzzed), the sync and reach ones, and odd names. */
export const QUERY_NAMES: readonly string[] = [
  ...new Set([
    ...Object.keys(RecordQuerySchema.entries),
    'cursor',
    'deviceId',
    'pending',
    'from',
    'to',
    'page',
    '__proto__',
    'constructor',
    '',
  ]),
];
const QUERY_VALUES = [
  ...ODD_IDS.filter((value) => value.length < 100),
  '',
  // NUL, which PostgreSQL cannot store, more often than the rest: it found six 500s.
  'a%00b',
  '%00',
  '2026-13-45',
  '2026-02-30',
  '1',
  '10000000',
  '-5',
  '1.5',
  'signup',
  'signup&type=grant-application',
  '[]',
  '{}',
  'a+b',
  encodeURIComponent('x'.repeat(300)),
];

/** A query string of 1-4 parameters, names sometimes repeated, values odd; sometimes not well-formed at all. */
export function oddQuery(random: Random): string {
  if (random.chance(0.1)) return random.pick(['?', '??', '?&&', '?=', '?a', '?%', '?a=%E0%A4%A', '?#x']);
  const parts: string[] = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) {
    const name = random.pick(QUERY_NAMES);
    parts.push(`${name}=${random.pick(QUERY_VALUES)}`);
    if (random.chance(0.3)) parts.push(`${name}=${random.pick(QUERY_VALUES)}`);
  }
  return `?${parts.join('&')}`;
}

export const JSON_TYPE = 'application/json';
const ODD_CONTENT_TYPES = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=iso-8859-1',
  'application/json-patch+json',
  'application/vnd.api+json',
  'text/csv',
  'image/png',
  'application/octet-stream',
  ';;;',
  'application/json; charset',
  `application/json; ${'x'.repeat(4000)}=1`,
];

/** JSON usually (so the body's checks are reached), else an odd or missing media type. */
export function contentType(random: Random): string | undefined {
  if (random.chance(0.7)) return random.chance(0.8) ? JSON_TYPE : 'Application/JSON; Charset="UTF-8"';
  return random.chance(0.15) ? undefined : random.pick(ODD_CONTENT_TYPES);
}

/** A plausible body per JSON route, so that mutations of it reach each field's checks. */
export function exampleBody(method: string, path: string, known: KnownIds): unknown {
  const route = `${method} ${path.slice(API_PREFIX.length)}`;
  switch (route) {
    case 'POST /auth/login':
      return { username: 'nobody-here', password: 'not the password', deviceId: newId() };
    case 'POST /sync/push':
      return pushBody(newId(), [change(), change({ recordType: 'grant-application', payload: {} })]);
    case 'POST /devices/:deviceId/wipes':
      return { workerId: known.accountIds[0] ?? newId(), kept: 0, removed: 3 };
    case 'POST /records/review':
      return { ids: [newId(), newId()], state: 'approved', note: 'fine', reason: 'checked' };
    case 'POST /records/:id/review':
      return { state: 'approved', expected: null, note: 'fine', reason: 'checked' };
    case 'POST /accounts':
      return { username: `fuzz-${newId().slice(-8)}`, password: '', role: 'worker' };
    case 'POST /accounts/:id/reset-password':
      return { password: 'short' };
    case 'POST /programmes/micro-grant/rounds':
      return {
        version: 999,
        round: {
          id: 'fuzz-round',
          name: 'Fuzz',
          applicationWindow: { opens: '2030-01-01', closes: '2030-02-01' },
          spendWindow: { from: '2030-02-01', to: '2030-06-01' },
          potPence: 100,
        },
      };
    case 'PUT /programmes/:id':
      return { id: 'micro-grant', kind: 'grant', version: 999, name: 'Fuzz', rounds: [] };
    default:
      return undefined;
  }
}

/** Strings that break naive code: NUL, lone surrogates, right-to-left marks, emoji, very long ones. */
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202e',
  '😀'.repeat(50),
  '名前',
  '<script>alert(1)</script>',
  "'; DROP TABLE records; --",
  '../../etc/passwd',
  '\\',
  'x'.repeat(10_000),
  'NaN',
  '-1',
  '1e309',
];

/** Values of the wrong type for any field. */
const WRONG_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '1',
  [],
  {},
  [null],
  { '': null },
  ...ODD_STRINGS,
];

export type Path = (string | number)[];

/** Paths to every value inside `value` (not the root). */
function pathsIn(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      pathsIn(child, path, out);
    }
  }
  return out;
}

function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

/** The paths of every string inside `value`. */
export const stringPaths = (value: unknown): Path[] =>
  pathsIn(value).filter((path) => typeof valueAt(value, path) === 'string');

/** `value` as JSON bytes with the string at `path` replaced by `text`. */
export const withString = (value: unknown, path: Path, text: string): Uint8Array =>
  encode(JSON.stringify(replaced(value, path, text)));

/** A deep copy of `value` with the value at `path` replaced (or removed when `replacement` is REMOVE). */
const REMOVE = Symbol('remove');
function replaced(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** `[[[...]]]` or `{"a":{"a":...}}` nested `depth` levels, as text (JSON.stringify itself would recurse). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bytes that are not UTF-8: a stray continuation byte, an overlong slash, a surrogate, a cut sequence, 0xFF. */
const BAD_UTF8: readonly number[][] = [
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xff],
  [0xfe, 0xff],
];

const MALFORMED = [
  '',
  ' ',
  '{',
  '}',
  '[',
  '{"a":',
  '{"a" 1}',
  "{'a': 1}",
  '{"a":1,}',
  '[1,2,]',
  'nul',
  'undefined',
  'NaN',
  '{"a":1}}',
  '{"a":1}{"b":2}',
  '\u0000',
  '\ufeff{}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"}',
  '{"a":01}',
  '/* comment */ {}',
];

export type BodyKind =
  | 'malformed'
  | 'truncated'
  | 'wrong-top-level'
  | 'wrong-field'
  | 'odd-string'
  | 'missing-field'
  | 'unknown-field'
  | 'huge-string'
  | 'huge-array'
  | 'deep'
  | 'invalid-utf8'
  | 'wrong-protocol';

/** Kinds whose body is never a valid JSON document of the right shape: a route that reads JSON must refuse them. */
export const BROKEN_KINDS: ReadonlySet<BodyKind> = new Set(['malformed', 'truncated', 'invalid-utf8']);

export interface FuzzBody {
  kind: BodyKind;
  bytes: Uint8Array;
}

const encode = (text: string) => new TextEncoder().encode(text);

/** One fuzzed body: a mutation of the route's example when it has one, else of a small generic object. */
export function fuzzBody(random: Random, example: unknown): FuzzBody {
  const base = example ?? { name: 'x', count: 1, items: [1, 'two', { three: 3 }] };
  const text = JSON.stringify(base);
  const paths = pathsIn(base);
  const kinds: BodyKind[] = [
    'malformed',
    'truncated',
    'wrong-top-level',
    'wrong-field',
    'wrong-field',
    'odd-string',
    'odd-string',
    'missing-field',
    'unknown-field',
    'huge-string',
    'huge-array',
    'deep',
    'invalid-utf8',
  ];
  if (base && typeof base === 'object' && 'protocolVersion' in base)
    kinds.push('wrong-protocol', 'wrong-protocol');
  const kind = random.pick(kinds);
  const somewhere = () => random.pick(paths);
  const json = (value: unknown) => ({ kind, bytes: encode(JSON.stringify(value)) });
  switch (kind) {
    case 'malformed':
      return { kind, bytes: encode(random.pick(MALFORMED)) };
    case 'truncated':
      return { kind, bytes: encode(text.slice(0, random.int(0, text.length - 1))) };
    case 'wrong-top-level':
      return json(random.pick(WRONG_VALUES));
    case 'wrong-field':
      return json(replaced(base, somewhere(), random.pick(WRONG_VALUES)));
    case 'odd-string': {
      // A string field given a string that breaks naive code (NUL, half a surrogate pair, very long).
      const strings = stringPaths(base);
      return json(
        replaced(base, strings.length ? random.pick(strings) : somewhere(), random.pick(ODD_STRINGS)),
      );
    }
    case 'missing-field':
      return json(replaced(base, somewhere(), REMOVE));
    case 'unknown-field': {
      const name = random.pick([
        '__proto__',
        'constructor',
        'prototype',
        'extra',
        '',
        '😀',
        'x'.repeat(1000),
      ]);
      const withExtra = `{${JSON.stringify(name)}:${JSON.stringify(random.pick(WRONG_VALUES))},${text.slice(1)}`;
      return { kind, bytes: encode(text.startsWith('{') ? withExtra : `{${JSON.stringify(name)}:1}`) };
    }
    case 'huge-string':
      return json(replaced(base, somewhere(), 'é'.repeat(random.int(100_000, 1_500_000))));
    case 'huge-array':
      return json(
        replaced(base, somewhere(), new Array(random.int(10_000, 300_000)).fill(random.pick([0, 'a', null]))),
      );
    case 'deep': {
      const deep = deepJson(random.pick([64, 1_000, 10_000]), random.chance(0.5) ? 'array' : 'object');
      if (random.chance(0.3)) return { kind, bytes: encode(deep) };
      // Deep nesting in a field: the placeholder string is swapped for the raw deep text.
      const marker = '"__deep__"';
      return {
        kind,
        bytes: encode(JSON.stringify(replaced(base, somewhere(), '__deep__')).replace(marker, deep)),
      };
    }
    case 'invalid-utf8': {
      const bytes = encode(text);
      const at = random.int(0, bytes.length);
      const bad = random.pick(BAD_UTF8);
      return { kind, bytes: new Uint8Array([...bytes.slice(0, at), ...bad, ...bytes.slice(at)]) };
    }
    case 'wrong-protocol':
      return json({
        ...(base as object),
        protocolVersion: random.pick([0, -1, PROTOCOL_VERSION + 1, 1.5, '1', null, 2 ** 53, 1e308]),
      });
  }
}

/** The body sizes just over each limit the API states (a push's; an attachment's). */
export const OVER_LIMITS = [PUSH_MAX_BODY_BYTES + 1, ATTACHMENT_MAX_BYTES + 1] as const;
/**
 * Just over every other route's JSON limit. Not sent to the push: its padded envelope is a valid empty push within
 * the push's own limit.
 */
export const OVER_JSON_LIMIT = JSON_MAX_BODY_BYTES + 1;

/** A JSON-looking body of exactly `size` bytes: a push envelope padded with a long string. */
export function paddedBody(size: number): Uint8Array {
  const head = encode(`{"protocolVersion":${PROTOCOL_VERSION},"deviceId":"${newId()}","changes":[],"pad":"`);
  const bytes = new Uint8Array(size).fill(0x78);
  bytes.set(head);
  bytes.set(encode('"}'), size - 2);
  return bytes;
}

/** `bytes` as a stream of 64 KiB chunks, so the request has no Content-Length. */
export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const CHUNK = 64 * 1024;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}
