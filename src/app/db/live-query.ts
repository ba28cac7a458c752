// useLiveQuery: a Preact hook over Dexie's liveQuery, so screens re-render when the store changes (in any tab).
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { type StoreError, toStoreError } from './errors';

export type LiveResult<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; error: StoreError };

const LOADING = { state: 'loading' } as const;

/**
 * Runs `query` now and again whenever the tables it read change, in this tab or another. `deps` work as in
 * useEffect and must be plain values (ids, numbers, strings). A result is only ever returned for the deps it was
 * computed with: right after the deps change the hook says `loading`, never the previous inputs' answer.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): LiveResult<T> {
  const key = JSON.stringify(deps);
  const [held, setHeld] = useState<{ key: string; result: LiveResult<T> }>({ key, result: LOADING });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setHeld({ key, result: { state: 'ready', value } }),
      error: (error) => setHeld({ key, result: { state: 'failed', error: toStoreError(error) } }),
    });
    return () => subscription.unsubscribe();
  }, [key]);
  return held.key === key ? held.result : LOADING;
}
