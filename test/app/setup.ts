// Test setup for the unit project: an in-memory IndexedDB (fake-indexeddb), a worker unlocked before each test
// (answers are encrypted under a worker's key, so nothing is saved while locked), and DOM cleanup between tests.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { connectDatabase, database } from '../../src/app/db/connection';
import { DATABASE_NAME } from '../../src/app/db/database';
import { lock } from '../../src/app/db/keyring';
import { DEFAULT_TEST_WORKER, signedInAs } from './db/signed-in';

// The screens' stylesheet, which every lazy screen's loader imports: jsdom lays nothing out, and compiling its Sass
// on the first screen a test opens took longer than the queries wait.
vi.mock('../../src/app/styles/screens', () => ({}));

/**
 * fake-indexeddb copies values with the global structuredClone. In the DOM test environment that is Node's, whose
 * copies belong to Node's own realm: ArrayBuffers Dexie's live queries then rebuild as empty shells, and DOM Blobs
 * that lose their methods. A browser has one realm. This copy stays in the test realm: Blobs (immutable) are
 * shared, buffers and typed arrays copied, dates remade, objects and arrays walked.
 */
const nodeClone = globalThis.structuredClone;
function cloneInThisRealm(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Blob) return value;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer).slice().buffer;
  if (tag === '[object Uint8Array]') return new Uint8Array(value as Uint8Array);
  if (tag === '[object Date]') return new Date((value as Date).getTime());
  if (Array.isArray(value)) return value.map(cloneInThisRealm);
  if (tag === '[object Object]') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneInThisRealm(item)]));
  }
  return nodeClone(value);
}
globalThis.structuredClone = ((value: unknown) => cloneInThisRealm(value)) as typeof structuredClone;

beforeEach(async () => {
  lock();
  // A test before may have closed the app's database on purpose; the worker's key entry needs one open.
  if (database().hasBeenClosed()) connectDatabase(DATABASE_NAME);
  await signedInAs(DEFAULT_TEST_WORKER);
});

afterEach(() => {
  if (typeof document !== 'undefined') cleanup();
});

/** Longer than Preact's after-paint fallback timer (35 ms), which runs effects and cleanups after a render. */
const AFTER_PAINT_SETTLE_MS = 100;

// A test's last render may leave an after-paint callback pending; it must run before the DOM is torn down, or it
// fails as an unhandled error (cancelAnimationFrame is not defined) that fails the whole run.
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, AFTER_PAINT_SETTLE_MS));
});
