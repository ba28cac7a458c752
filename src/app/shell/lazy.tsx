// lazy(): a screen whose code loads on first use, keeping the app shell small, and prefetchWhenIdle(), which loads
// such screens' code while the tablet is idle after the first screen, so a tap shows the next screen at once. The
// service worker precaches every tablet chunk, so a lazy screen opens offline too.
import { type ComponentChildren, type ComponentType, type FunctionComponent, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** What a screen whose code could not be loaded says (a screen not precached says why, e.g. "needs a connection"). */
const COULD_NOT_LOAD = 'This part of Anchor Outreach could not be loaded. Reload the app to try again.';

export interface LazyOptions {
  /** What it says when its code cannot be loaded, instead of COULD_NOT_LOAD. */
  couldNotLoad?: string;
  /** What stands in its place until its code arrives: the same size as the screen, so nothing moves when it does. */
  placeholder?: ComponentChildren;
}

export interface LazyScreen<P> extends FunctionComponent<P> {
  /** Loads the code now; settles either way (a failure shows only when the screen is opened, and is retried then). */
  prefetch(): Promise<void>;
}

export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  options: LazyOptions = {},
): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const start = () => {
    loading ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        // Forgotten, so the next attempt (opening the screen) loads again instead of repeating this failure.
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  function LazyScreen(props: P) {
    const [failed, setFailed] = useState(false);
    const [, setReady] = useState(false);
    // Whether the first render showed the screen itself. Not `loaded` when the effect runs: the effect runs after
    // the next paint, and code arriving in between (prefetched, e.g. Home's sync panel) would leave the painted
    // placeholder in place for good, nothing left to render again.
    const shownAtFirstRender = useRef(loaded !== null);
    useEffect(() => {
      // Guard: the screen itself is showing, there is nothing to wait for.
      if (shownAtFirstRender.current) return;
      let live = true;
      start().then(
        () => live && setReady(true),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) return h(loaded, props);
    if (failed) {
      return (
        <p class="nhsuk-body" role="alert">
          {options.couldNotLoad ?? COULD_NOT_LOAD}
        </p>
      );
    }
    return (options.placeholder ?? null) as ReturnType<FunctionComponent<P>>;
  }
  LazyScreen.prefetch = () =>
    loaded
      ? Promise.resolve()
      : start().catch(() => {
          // A prefetch that fails says nothing: the screen says it if it is opened.
        });
  return LazyScreen;
}

/** Runs `task` when the main thread is idle (requestIdleCallback; a short timer where the browser has none). */
export type IdleScheduler = (task: () => void) => void;

/** Without requestIdleCallback (Safari), wait this long after the first screen before prefetching. */
const NO_IDLE_CALLBACK_DELAY_MS = 500;

export const whenIdle: IdleScheduler = (task) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task());
  else setTimeout(task, NO_IDLE_CALLBACK_DELAY_MS);
};

/**
 * Prefetches each screen's code in turn, one per idle moment so the worker's typing never waits for it. Returns a
 * function that stops before the next one (the screens already loading finish).
 */
export function prefetchWhenIdle(
  screens: readonly Pick<LazyScreen<never>, 'prefetch'>[],
  schedule: IdleScheduler = whenIdle,
): () => void {
  let stopped = false;
  const next = (index: number) => {
    const screen = screens[index];
    // Guard: stopped, or every screen has been fetched.
    if (stopped || !screen) return;
    schedule(() => {
      // Guard: stopped while waiting for the idle moment.
      if (stopped) return;
      void screen.prefetch().then(() => next(index + 1));
    });
  };
  next(0);
  return () => {
    stopped = true;
  };
}
