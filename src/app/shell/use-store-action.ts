// useStoreAction: runs a store operation for a form, with `pending` while it runs and the StoreError to show.
import { useState } from 'preact/hooks';
import { type StoreError, toStoreError } from '../db/errors';

export function useStoreAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<StoreError | null>(null);
  async function run<T>(operation: () => Promise<T>): Promise<T | undefined> {
    setPending(true);
    setError(null);
    try {
      return await operation();
    } catch (caught) {
      setError(toStoreError(caught));
      return undefined;
    } finally {
      setPending(false);
    }
  }
  return { pending, error, run };
}
