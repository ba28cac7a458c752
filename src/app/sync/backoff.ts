// Retry timing after a failed sync: exponential backoff with jitter, from about 1 s up to 5 min.
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60 * 1_000;

/**
 * The wait before retry number `attempt` (0 for the first retry): the ceiling doubles from 1 s to at most 5 min,
 * and the wait is a random point in its upper half ("equal jitter"), so tablets that failed together do not all
 * retry together, yet none retries sooner than half the ceiling.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
