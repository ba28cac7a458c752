// Test setup for the unit project: an in-memory IndexedDB (fake-indexeddb), a worker unlocked before each test
// (answers are encrypted under a worker's key, so nothing is saved while locked), and DOM cleanup between tests.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { connectDatabase, database } from '../../src/app/db/connection';
import { DATABASE_NAME } from '../../src/app/db/database';
import { lock } from '../../src/app/db/keyring';
import { DEFAULT_TEST_WORKER, signedInAs } from './db/signed-in';

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
