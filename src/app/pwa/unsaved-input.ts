// Tracks whether any form on screen holds input not yet saved, so updates and unloads never lose it silently.
import { useEffect } from 'preact/hooks';

const dirtyForms = new Set<symbol>();

export const hasUnsavedInput = (): boolean => dirtyForms.size > 0;

/** A form calls this with `true` while it holds typed input that has not reached the store yet. */
export function useUnsavedInput(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const token = Symbol('unsaved form');
    dirtyForms.add(token);
    return () => dirtyForms.delete(token);
  }, [dirty]);
}

/** Asks the browser to confirm before closing or reloading the tab while input is unsaved. */
export function guardUnload(target: Window = window): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!hasUnsavedInput()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}
