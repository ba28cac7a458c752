// Typed calls to the central endpoint's API v1, with failures sorted into what the sync engine does next.
import {
  API_PREFIX,
  type ApiErrorBody,
  type LoginResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RecoveryKeyResponse,
  type WipeReport,
} from '../../shared/api';
import type { CompactPostcodeLookup } from '../../shared/eligibility/postcode-import';
import { type ApiErrorCode, isApiErrorCode, unhandledCode } from '../../shared/error-codes';

/** 401: the session is over; the queue pauses until the worker signs in again. Nothing is lost. */
export class AuthError extends Error {
  override readonly name: string = 'AuthError';
}

/** 403 `account-disabled`: the central team disabled the worker; signing in again will not help. */
export class WorkerDisabledError extends AuthError {
  override readonly name = 'WorkerDisabledError';
}

/** No connection, a timeout, or the server failing (5xx, 429): try again later with backoff. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/** 413: the batch was too big for the server; send fewer changes at once. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/**
 * The server refused the request itself (a 4xx other than the above), with its code (null when the answer named
 * none this build knows) and message. `forGood` means trying again cannot help until a person acts: the sync run
 * stops and the worker is told what to do.
 */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | null,
    message: string,
    readonly forGood: boolean,
  ) {
    super(message);
  }
}

/** What the tablet does about one failed request. Per-change rejections are answered inside a 200 push instead. */
export type FailureKind =
  | 'retry-later'
  | 'needs-sign-in'
  | 'worker-disabled'
  | 'too-large'
  | 'refused'
  | 'not-for-sync';

/**
 * Sorts every code the server can answer into what the tablet does next. Exhaustive: a code added to
 * API_ERROR_CODES does not compile until it is sorted here. `not-for-sync` codes come from routes the sync run
 * does not call (coordinators' routes, sign-in) and are shown where they happen.
 */
export function failureKind(code: ApiErrorCode): FailureKind {
  switch (code) {
    case 'server-error':
    case 'database-unavailable':
      return 'retry-later';
    case 'missing-token':
    case 'invalid-token':
    case 'token-expired':
    // The token was issued to another device id: signing in again on this tablet gives one bound to it.
    case 'token-for-another-device':
      return 'needs-sign-in';
    // The central team disabled the worker: the tablet removes their sent records and keeps unsent ones locked.
    case 'account-disabled':
      return 'worker-disabled';
    case 'body-too-large':
    case 'batch-too-large':
    case 'attachment-too-large':
      return 'too-large';
    // This build speaks to the server in a way it no longer takes: only an app update helps.
    case 'protocol-version-unsupported':
    case 'malformed-json':
    case 'invalid-request':
    case 'invalid-encoding':
    case 'unsupported-media-type':
    case 'bad-request':
    case 'not-found':
    case 'invalid-cursor':
    case 'invalid-hash':
    case 'hash-mismatch':
    case 'empty-attachment':
    // Someone else has to act: the tablet's registration or the account's role.
    case 'device-belongs-to-another-worker':
    case 'forbidden':
      return 'refused';
    case 'invalid-credentials':
    case 'too-many-attempts':
    case 'attachment-not-found':
    case 'invalid-record-id':
    case 'invalid-type':
    case 'record-not-found':
    case 'nothing-to-check':
    case 'invalid-programme':
    case 'version-conflict':
    case 'pot-exceeded':
    case 'pot-below-approved':
    case 'no-postcode-lookup':
    // The coordinator console's routes.
    case 'invalid-query':
    case 'not-reviewable':
    case 'review-move-refused':
    case 'review-stale':
    case 'reason-required':
    case 'outside-round':
    case 'round-exists':
    case 'account-exists':
    case 'account-not-found':
    case 'import-running':
      return 'not-for-sync';
    default:
      return unhandledCode(code);
  }
}

/** The kind for an answer whose code this build does not know (a newer server, a proxy's page): by status. */
function kindByStatus(status: number): FailureKind {
  if (status === 401) return 'needs-sign-in';
  if (status === 413) return 'too-large';
  if (status >= 500 || status === 429 || status === 408) return 'retry-later';
  return 'refused';
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** '' for the same origin as the app. */
  baseUrl?: string;
  fetch?: FetchLike;
  token: () => string | undefined;
}

async function failure(response: Response): Promise<Error> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's error page): the status decides.
  }
  const code = isApiErrorCode(body.error?.code) ? body.error.code : null;
  const message = body.error?.message ?? `The server answered ${response.status}.`;
  const kind = code ? failureKind(code) : kindByStatus(response.status);
  switch (kind) {
    case 'needs-sign-in':
      return new AuthError(message);
    case 'worker-disabled':
      return new WorkerDisabledError(message);
    case 'too-large':
      return new TooLargeError(message);
    case 'retry-later':
      return new RetryableError(message);
    case 'refused':
    case 'not-for-sync':
      return new RequestRefusedError(response.status, code, message, kind === 'refused');
    default:
      return unhandledCode(kind);
  }
}

export function createApiClient(options: ApiClientOptions) {
  const base = `${options.baseUrl ?? ''}${API_PREFIX}`;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  async function request(
    path: string,
    init: RequestInit = {},
    authenticated = true,
    asToken?: string,
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = asToken ?? options.token();
    if (authenticated) {
      if (!token) throw new AuthError('Sign in to send records.');
      headers.set('authorization', `Bearer ${token}`);
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, headers });
    } catch (error) {
      throw new RetryableError(error instanceof Error ? error.message : 'No connection');
    }
    if (!response.ok && !(init.method === 'HEAD' && response.status === 404)) throw await failure(response);
    return response;
  }

  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  /** A push whose JSON the caller built (the sync engine joins changes it serialised while reading them). */
  async function pushJson(body: string): Promise<PushResponse> {
    const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    return (await (await request('/sync/push', init)).json()) as PushResponse;
  }

  return {
    /** Signs in; `deviceId` binds the token to this tablet (the server refuses it from another device id). */
    async login(username: string, password: string, deviceId?: string): Promise<LoginResponse> {
      const body = deviceId ? { username, password, deviceId } : { username, password };
      const response = await request('/auth/login', json(body), false);
      return (await response.json()) as LoginResponse;
    },
    pushJson,
    push: (body: PushRequest): Promise<PushResponse> => pushJson(JSON.stringify(body)),
    /**
     * One page of the central team's news after `cursor`, as this device (`deviceId`, when its token is bound),
     * telling the server how many of the worker's records the tablet still holds unsent (`pending`).
     */
    async pull(cursor: string, deviceId?: string, pending?: number): Promise<PullResponse> {
      const device = deviceId
        ? `&deviceId=${encodeURIComponent(deviceId)}${pending === undefined ? '' : `&pending=${pending}`}`
        : '';
      return (await (
        await request(`/sync/pull?cursor=${encodeURIComponent(cursor)}${device}`)
      ).json()) as PullResponse;
    },
    /** The postcode lookup the central team imported, or null when none has been imported yet. */
    async getPostcodeLookup(): Promise<CompactPostcodeLookup | null> {
      try {
        return (await (await request('/reference/postcode-lookup')).json()) as CompactPostcodeLookup;
      } catch (error) {
        if (error instanceof RequestRefusedError && error.status === 404) return null;
        throw error;
      }
    },
    /**
     * The server's recovery key for this worker on this tablet (`token`: the session just signed in), which wraps
     * the worker's data key so an online sign-in can always unlock it.
     */
    async recoveryKey(deviceId: string, token: string): Promise<Uint8Array<ArrayBuffer>> {
      const path = `/devices/${encodeURIComponent(deviceId)}/recovery-key`;
      const { key } = (await (await request(path, {}, true, token)).json()) as RecoveryKeyResponse;
      return base64UrlToBytes(key);
    },
    /** Tells the server this tablet removed a disabled worker's synced records and kept `kept` unsent ones locked. */
    async reportWipe(deviceId: string, report: WipeReport, token?: string): Promise<void> {
      await request(`/devices/${encodeURIComponent(deviceId)}/wipes`, json(report), true, token);
    },
    async hasAttachment(sha256: string): Promise<boolean> {
      return (await request(`/attachments/${sha256}`, { method: 'HEAD' })).status === 200;
    },
    async putAttachment(sha256: string, mediaType: string, blob: Blob): Promise<void> {
      await request(`/attachments/${sha256}`, {
        method: 'PUT',
        headers: { 'content-type': mediaType },
        body: await blob.arrayBuffer(),
      });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Bytes from base64url (RFC 4648 section 5, no padding), as the server sends keys. */
function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
