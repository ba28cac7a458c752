// Typed calls to the central endpoint's API v1, with failures sorted into what the sync engine does next.
import {
  API_PREFIX,
  type ApiErrorBody,
  type LoginResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../shared/api';
import type { CompactPostcodeLookup } from '../../shared/eligibility/postcode-import';

/** 401: the session is over; the queue pauses until the worker signs in again. Nothing is lost. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
}

/** No connection, a timeout, or a 5xx/429: try again later with backoff. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/** 413: the batch was too big for the server; send fewer changes at once. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/** Any other 4xx: the server refused the request itself, with its code and message. */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
  const code = body.error?.code ?? `http-${response.status}`;
  const message = body.error?.message ?? `The server answered ${response.status}.`;
  if (response.status === 401) return new AuthError(message);
  if (response.status === 413) return new TooLargeError(message);
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    return new RetryableError(message);
  return new RequestRefusedError(response.status, code, message);
}

export function createApiClient(options: ApiClientOptions) {
  const base = `${options.baseUrl ?? ''}${API_PREFIX}`;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  async function request(path: string, init: RequestInit = {}, authenticated = true): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = options.token();
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

  return {
    async login(username: string, password: string): Promise<LoginResponse> {
      const response = await request('/auth/login', json({ username, password }), false);
      return (await response.json()) as LoginResponse;
    },
    async push(body: PushRequest): Promise<PushResponse> {
      return (await (await request('/sync/push', json(body))).json()) as PushResponse;
    },
    async pull(cursor: string): Promise<PullResponse> {
      return (await (
        await request(`/sync/pull?cursor=${encodeURIComponent(cursor)}`)
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
