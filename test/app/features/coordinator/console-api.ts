// For the console's component tests: window.fetch stubbed with the console API contract's JSON (src/shared/console.ts),
// every request kept for the test to assert on, a signed-in coordinator, and record fixtures.
import { vi } from 'vitest';
import { consoleSessionStore } from '../../../../src/app/sync/console-client';
import type { LoginResponse } from '../../../../src/shared/api';
import type { RecordDetail, RecordListItem } from '../../../../src/shared/console';

export interface SeenRequest {
  method: string;
  /** The path after /api/v1, without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response> | undefined;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const apiError = (status: number, code: string, message: string) =>
  json({ error: { code, message } }, status);

/** Stubs window.fetch: each request goes to `handler`; one it does not answer fails the test with a 599. */
export function stubConsoleApi(handler: Handler): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://console.test');
    const headers = new Headers(init.headers);
    const request: SeenRequest = {
      method: init.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      authorization: headers.get('authorization'),
    };
    seen.push(request);
    return (
      (await handler(request)) ?? apiError(599, 'internal', `No stub for ${request.method} ${request.path}`)
    );
  });
  return seen;
}

export const COORDINATOR: LoginResponse = {
  token: 'coordinator-token',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: '0190a000-0000-7000-8000-0000000000c1', username: 'carol', role: 'coordinator' },
};

export function signInCoordinator(): void {
  consoleSessionStore.setState({ session: { ...COORDINATOR } });
}

export function signOutCoordinator(): void {
  consoleSessionStore.setState({ session: null });
  sessionStorage.clear();
}

export const WORKER_ID = '0190a000-0000-7000-8000-0000000000a1';

let n = 0;
/** A fresh UUIDv7-shaped id whose reference (its last 8 hex digits) is distinct. */
export function recordId(): string {
  n++;
  return `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

export function listItem(overrides: Partial<RecordListItem> = {}): RecordListItem {
  const id = overrides.id ?? recordId();
  const tail = id.replace(/-/g, '').slice(-8).toUpperCase();
  return {
    id,
    type: 'signup',
    reference: `${tail.slice(0, 4)}-${tail.slice(4)}`,
    displayName: 'Ada Lovelace',
    postcode: 'SS1 1AA',
    workerId: WORKER_ID,
    workerName: 'worker1',
    createdAt: '2026-12-01T10:00:00.000Z',
    receivedAt: '2026-12-01T10:05:00.000Z',
    reviewState: 'new',
    eligibility: 'eligible',
    districtCode: 'E06000033',
    imdDecile: 1,
    amountPence: null,
    roundId: null,
    ...overrides,
  };
}

export const SIGNUP_ANSWERS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  dateOfBirth: '1990-12-10',
  postcode: 'SS1 1AA',
  mobile: '+447700900123',
};

export function signupDetail(overrides: Partial<RecordDetail> = {}): RecordDetail {
  const item = overrides.item ?? listItem();
  return {
    item,
    record: {
      id: item.id,
      type: item.type,
      version: 1,
      ownerId: WORKER_ID,
      deviceId: '0190a000-0000-7000-8000-0000000000d1',
      payload: { answers: SIGNUP_ANSWERS, resumeAt: 'check-answers' },
      clientUpdatedAt: item.createdAt,
      receivedAt: item.receivedAt,
      updatedAt: item.receivedAt,
      review: null,
    },
    tabletEligibility: null,
    tabletOverride: null,
    tabletCheckId: null,
    serverEligibility: null,
    photos: [],
    allowedMoves: ['contacted', 'not-eligible', 'withdrawn'],
    approvalNeedsReason: false,
    round: null,
    history: [
      {
        at: item.receivedAt,
        kind: 'received',
        actorId: WORKER_ID,
        actorName: 'worker1',
        fromState: null,
        toState: null,
        note: null,
        reason: null,
        version: 1,
      },
    ],
    ...overrides,
  };
}

const result = (outcome: 'eligible' | 'not-eligible', text: string) =>
  ({
    outcome,
    reasons: [
      { rule: 'received-date', code: outcome, status: outcome === 'eligible' ? 'met' : 'not-met', text },
    ],
    programmeId: 'micro-grant',
    programmeVersion: 2,
    dataVersions: {},
    checkedOn: '2026-12-01',
  }) as RecordDetail['serverEligibility'];

/** A grant application under review whose server re-check finds it not eligible (approving needs a reason). */
export function grantDetail(overrides: Partial<RecordDetail> = {}): RecordDetail {
  const item = listItem({
    type: 'grant-application',
    displayName: 'Leigh Community Larder',
    reviewState: 'under-review',
    amountPence: 150_000,
    roundId: '2026-27',
  });
  const base = signupDetail({ item });
  return {
    ...base,
    record: {
      ...base.record,
      payload: {
        answers: {
          organisationName: 'Leigh Community Larder',
          accountName: 'Leigh Community Larder',
          sortCode: '309634',
          accountNumber: '12345678',
        },
        amountRequestedPence: 150_000,
        budget: [{ item: 'Food', amountPence: 150_000 }],
      },
      review: {
        decision: 'under-review',
        note: null,
        decidedAt: '2026-12-02T09:00:00.000Z',
        decidedBy: COORDINATOR.user.id,
      },
    },
    tabletEligibility: result('eligible', 'Received inside the round’s window.'),
    serverEligibility: result('not-eligible', 'Received after the round closed.'),
    allowedMoves: ['approved', 'declined'],
    approvalNeedsReason: true,
    round: { id: '2026-27', name: '2026 to 2027' },
    photos: [{ sha256: 'a'.repeat(64), size: 1234, mediaType: 'image/jpeg' }],
    ...overrides,
  };
}

/** URL.createObjectURL/revokeObjectURL (jsdom has neither): the Blobs made into URLs and the URLs released. */
export function stubObjectUrls() {
  const made: { url: string; blob: Blob }[] = [];
  const revoked: string[] = [];
  const target = URL as unknown as Record<string, unknown>;
  target.createObjectURL = (blob: Blob) => {
    const url = `blob:console-test/${made.length + 1}`;
    made.push({ url, blob });
    return url;
  };
  target.revokeObjectURL = (url: string) => revoked.push(url);
  return {
    made,
    revoked,
    restore() {
      delete target.createObjectURL;
      delete target.revokeObjectURL;
    },
  };
}

/**
 * The console's pages load on first use (lazy chunks) and this machine is shared: waits allow for that, and each
 * test has longer than the default 5 s.
 */
export const CONSOLE_TEST_TIMEOUT_MS = 20_000;
export const CONSOLE_WAIT_MS = 5_000;
