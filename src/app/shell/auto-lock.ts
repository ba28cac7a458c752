// Auto-lock: an idle timer that warns WARNING_SECONDS before the tablet locks and then runs the lock sequence;
// the worker's activity (touch, keys, typing, scrolling) starts the period again.
import { useEffect, useRef, useState } from 'preact/hooks';

/** How long before locking the warning shows. */
export const WARNING_SECONDS = 30;
/** Events on the window that count as someone using the tablet. */
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel', 'scroll'] as const;
const TICK_MS = 1000;

export interface IdleTimerOptions {
  /** How long the tablet may sit unused before it locks. */
  periodMs: number;
  /** The warning's countdown: seconds left while it shows, null while it does not. */
  onWarning: (secondsLeft: number | null) => void;
  /** The lock sequence (saves typing, then locks). */
  onLock: () => Promise<void> | void;
  target?: Window;
  now?: () => number;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export interface IdleTimer {
  /** "Stay unlocked": the period starts again (activity elsewhere does not end a warning). */
  stay: () => void;
  stop: () => void;
}

/**
 * Starts the idle timer. It checks the clock every second (not one long timeout), so a tablet that slept past the
 * period locks as soon as it wakes. While the warning shows only `stay` starts the period again: a tap elsewhere
 * must not dismiss it unseen.
 */
export function startIdleTimer(options: IdleTimerOptions): IdleTimer {
  const target = options.target ?? window;
  const now = options.now ?? (() => Date.now());
  const every = options.setInterval ?? ((run, ms) => setInterval(run, ms));
  const cancel =
    options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  let lastActivity = now();
  let warning: number | null = null;
  let stopped = false;

  const show = (secondsLeft: number | null) => {
    if (secondsLeft === warning) return;
    warning = secondsLeft;
    options.onWarning(secondsLeft);
  };
  const activity = () => {
    if (warning === null) lastActivity = now();
  };
  const tick = () => {
    if (stopped) return;
    const left = options.periodMs - (now() - lastActivity);
    if (left <= 0) {
      stop();
      show(null);
      void options.onLock();
      return;
    }
    show(left <= WARNING_SECONDS * 1000 ? Math.ceil(left / 1000) : null);
  };
  // Held from the start: the cleanup may run after a test's DOM (or the page) is gone.
  const listen = target.addEventListener.bind(target);
  const unlisten = target.removeEventListener.bind(target);
  const handle = every(tick, TICK_MS);
  for (const name of ACTIVITY_EVENTS) listen(name, activity, { capture: true, passive: true });

  function stop() {
    if (stopped) return;
    stopped = true;
    cancel(handle);
    for (const name of ACTIVITY_EVENTS) unlisten(name, activity, { capture: true });
  }

  return {
    stay: () => {
      lastActivity = now();
      show(null);
    },
    stop,
  };
}

/**
 * The shell's idle timer while `enabled` (someone is unlocked): the warning's seconds left (null when hidden) and
 * `stay` for its button. A new period (the programme's setting arriving) starts the timer again.
 */
export function useAutoLock(
  enabled: boolean,
  periodMinutes: number,
  onLock: () => Promise<void>,
): { secondsLeft: number | null; stay: () => void } {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const timer = useRef<IdleTimer | null>(null);
  useEffect(() => {
    if (!enabled) return;
    setSecondsLeft(null);
    const started = startIdleTimer({ periodMs: periodMinutes * 60_000, onWarning: setSecondsLeft, onLock });
    timer.current = started;
    return () => {
      started.stop();
      timer.current = null;
    };
  }, [enabled, periodMinutes]);
  return { secondsLeft: enabled ? secondsLeft : null, stay: () => timer.current?.stay() };
}
