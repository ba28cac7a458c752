// useLiveQuery: a Preact hook over Dexie's liveQuery, so screens re-render when the store changes (in any tab).
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { type StoreError, toStoreError } from './errors';

export type LiveResult<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; error: StoreError };

/**
 * Runs `query` now and again whenever the tables it read change, in this tab or another. `deps` work as in
 * useEffect. The query must only use db/ functions (they are Dexie reads, so liveQuery can observe them).
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ state: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ state: 'ready', value }),
      error: (error) => setResult({ state: 'failed', error: toStoreError(error) }),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return result;
}
