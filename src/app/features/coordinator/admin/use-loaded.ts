// Loading what an administration screen shows: the answer, or the failure's words, and a reload.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { problemText } from './form-errors';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; value: T };

/** Runs `load` once on mount and on each reload(); a reload keeps the previous answer shown until the new one. */
export function useLoaded<T>(load: () => Promise<T>): [Loaded<T>, () => Promise<void>] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(async () => {
    try {
      setLoaded({ state: 'ready', value: await load() });
    } catch (error) {
      setLoaded({ state: 'failed', message: problemText(error) });
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [loaded, reload];
}
