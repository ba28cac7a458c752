// Test setup for the unit project: an in-memory IndexedDB (fake-indexeddb) and DOM cleanup between tests.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => {
  if (typeof document !== 'undefined') cleanup();
});
