// The coordinator console's connection to the central endpoint: its sign-in (kept for this browser tab only), and
// consoleRequest(), the one function every console API call goes through. Online only: nothing is stored offline.
import { createStore } from 'zustand/vanilla';
import { API_PREFIX, type ApiErrorBody, type LoginResponse } from '../../shared/api';
import { type ApiErrorCode, isApiErrorCode } from '../../shared/error-codes';

/** sessionStorage key of the console's sign-in: this tab only, gone when it closes; never personal data. */
const SESSION_KEY = 'anchor-console-session';

export interface ConsoleSession {
  token: string;
  expiresAt: string;
  user: LoginResponse['user'];
}

function readSaved(): ConsoleSession | null {
  try {
    const text = globalThis.sessionStorage?.getItem(SESSION_KEY);
    return text ? (JSON.parse(text) as ConsoleSession) : null;
  } catch {
    return null;
  }
}

export const consoleSessionStore = createStore<{ session: ConsoleSession | null }>(() => ({
  session: readSaved(),
}));

function keep(session: ConsoleSession | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused (private mode): the sign-in lasts until the page reloads.
  }
  consoleSessionStore.setState({ session });
}

/**
 * A console request the server refused, or that never reached it (`status` 0, code null). `code` is null when the
 * answer named no code this build knows. Screens show `message` next to what failed.
 */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | null,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The message for a request that never got an answer. */
export const NO_CONNECTION_MESSAGE =
  'Anchor Outreach could not reach the central service. Check the connection and try again.';

async function refusal(response: Response): Promise<ConsoleError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Not JSON (a proxy's error page): the status speaks.
  }
  const code = isApiErrorCode(body.error?.code) ? body.error.code : null;
  const message = body.error?.message ?? `The central service answered ${response.status}. Try again.`;
  return new ConsoleError(response.status, code, message, body.error?.details);
}

/**
 * Sends one console request with the coordinator's token and returns the response (any 2xx). A 401 ends the
 * console sign-in (the console then shows its sign-in page); every other refusal is thrown as a ConsoleError.
 * `body` other than a string, Blob or FormData is sent as JSON.
 */
export async function consoleRequest(
  path: string,
  init: Omit<RequestInit, 'body'> & { body?: unknown } = {},
): Promise<Response> {
  const session = consoleSessionStore.getState().session;
  const headers = new Headers(init.headers);
  if (session) headers.set('authorization', `Bearer ${session.token}`);
  let body: BodyInit | undefined;
  if (init.body === undefined || typeof init.body === 'string' || init.body instanceof Blob) {
    body = init.body as BodyInit | undefined;
  } else if (init.body instanceof FormData) {
    body = init.body;
  } else {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.body);
  }
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, { ...init, headers, body });
  } catch {
    throw new ConsoleError(0, null, NO_CONNECTION_MESSAGE);
  }
  if (response.ok) return response;
  const error = await refusal(response);
  if (response.status === 401) keep(null);
  throw error;
}

/** consoleRequest, then the answer's JSON. */
export async function consoleJson<T>(
  path: string,
  init: Omit<RequestInit, 'body'> & { body?: unknown } = {},
): Promise<T> {
  return (await (await consoleRequest(path, init)).json()) as T;
}

/**
 * Signs a coordinator in to the console (no device: the console is not a tablet). A worker's account is refused
 * here with a message, and nothing is kept.
 */
export async function consoleSignIn(username: string, password: string): Promise<ConsoleSession> {
  const login = await consoleJson<LoginResponse>('/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  if (login.user.role !== 'coordinator') {
    throw new ConsoleError(
      403,
      'forbidden',
      'This account is an outreach worker’s. The console is for coordinators: use the tablet screens instead.',
    );
  }
  const session = { token: login.token, expiresAt: login.expiresAt, user: login.user };
  keep(session);
  return session;
}

/** Ends the console sign-in in this tab (the token is forgotten; it expires on the server by itself). */
export function consoleSignOut(): void {
  keep(null);
}
