// Test setup for the unit project: an in-memory IndexedDB (fake-indexeddb), a worker unlocked before each test
// (answers are encrypted under a worker's key, so nothing is saved while locked), and DOM cleanup between tests.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';
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
