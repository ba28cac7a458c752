// A stand-in for the central service in the administration screens' component tests: window.fetch answering
// the console contract's JSON by method and path, recording every request (with its parsed body and headers).
import { vi } from 'vitest';
import { consoleSessionStore } from '../../../../src/app/sync/console-client';

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}

export type Answer =
  | { status?: number; json?: unknown }
  | ((request: SeenRequest) => { status?: number; json?: unknown });

/** `"GET /grant-pot"` → its answer (a list answers in turn, the last one repeating). */
export type Routes = Record<string, Answer | Answer[]>;

export const TEST_TOKEN = 'console-test-token';

/** A coordinator signed in to the console in this tab. */
export function signedInCoordinator(): void {
  consoleSessionStore.setState({
    session: {
      token: TEST_TOKEN,
      expiresAt: '2099-01-01T00:00:00.000Z',
      user: { id: '0193a000-0000-7000-8000-000000000001', username: 'coord', role: 'coordinator' },
    },
  });
}

export const refusal = (status: number, code: string, message: string, details?: unknown) => ({
  status,
  json: { error: { code, message, details } },
});

/** Stubs window.fetch with `routes`; returns the requests seen. An unknown route is a 404 the test will notice. */
export function stubConsoleApi(routes: Routes): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const served = new Map<string, number>();
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const path = String(input).replace(/^\/api\/v1/, '');
    const text = typeof init.body === 'string' ? init.body : undefined;
    const request = {
      method,
      path,
      body: text ? JSON.parse(text) : init.body,
      headers: new Headers(init.headers),
    };
    seen.push(request);
    const key = `${method} ${path}`;
    const route = routes[key];
    if (!route) {
      return new Response(JSON.stringify({ error: { code: 'not-found', message: `No stub for ${key}` } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    const count = served.get(key) ?? 0;
    served.set(key, count + 1);
    const answer = Array.isArray(route) ? (route[Math.min(count, route.length - 1)] as Answer) : route;
    const { status = 200, json = {} } = typeof answer === 'function' ? answer(request) : answer;
    return new Response(status === 204 ? null : JSON.stringify(json), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return seen;
}
