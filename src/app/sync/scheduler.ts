// When syncs run: on start, when the connection returns, when the tab is shown, every minute while something
// waits, after sign-in and on "Sync now"; one at a time, with backoff after failures.
import { backoffDelay } from './backoff';
import type { SyncOutcome, SyncProgress } from './engine';

export const PERIODIC_SYNC_MS = 60_000;

export type SyncPhase = 'idle' | 'syncing' | 'retry-scheduled' | 'needs-sign-in' | 'offline';

export interface SyncStatus {
  phase: SyncPhase;
  progress: SyncProgress | null;
  /** When the next automatic retry happens (retry-scheduled), as epoch ms. */
  retryAt: number | null;
  lastOutcome: SyncOutcome | null;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerDeps {
  /** One sync run. `withLock` wraps it so only one tab syncs at a time. */
  run: (onProgress: (progress: SyncProgress) => void) => Promise<SyncOutcome>;
  isOnline: () => boolean;
  hasWaiting: () => Promise<boolean>;
  /** Runs `task` only if no other tab holds the sync lock; resolves false when it did not run. */
  withLock?: (task: () => Promise<void>) => Promise<boolean>;
  clock?: Clock;
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SyncScheduler {
  private running = false;
  private again = false;
  private failures = 0;
  private timer: unknown = null;
  private stopped = false;
  private status: SyncStatus = { phase: 'idle', progress: null, retryAt: null, lastOutcome: null };
  private readonly clock: Clock;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? realClock;
  }

  get current(): SyncStatus {
    return this.status;
  }

  /**
   * Asks for a sync now. While offline nothing is tried (the online event asks again). While a run is going,
   * one more run follows it. `manual` (Sync now, sign-in) also cancels a pending backoff wait.
   */
  request(options: { manual?: boolean } = {}): void {
    if (this.stopped) return;
    if (!this.deps.isOnline()) {
      this.setStatus({ phase: 'offline', retryAt: null });
      return;
    }
    if (this.status.phase === 'retry-scheduled' && !options.manual) return;
    if (this.status.phase === 'needs-sign-in' && !options.manual) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.cancelTimer();
    void this.runOnce();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private async runOnce(): Promise<void> {
    this.running = true;
    this.setStatus({ phase: 'syncing', progress: null, retryAt: null });
    let outcome: SyncOutcome | null = null;
    try {
      const task = async () => {
        outcome = await this.deps.run((progress) => this.setStatus({ progress }));
      };
      let ran = true;
      if (this.deps.withLock) ran = await this.deps.withLock(task);
      else await task();
      if (!ran) outcome = { state: 'done', sent: 0 }; // another tab is syncing; its results reach us through the store
    } catch (error) {
      outcome = { state: 'retry-later', sent: 0, reason: error instanceof Error ? error.message : 'failed' };
    } finally {
      this.running = false;
    }
    this.settle(outcome as SyncOutcome | null);
  }

  private settle(outcome: SyncOutcome | null): void {
    const result = outcome ?? { state: 'retry-later', sent: 0, reason: 'no outcome' };
    if (result.state === 'needs-sign-in') {
      this.setStatus({ phase: 'needs-sign-in', progress: null, lastOutcome: result });
      return;
    }
    if (result.state === 'retry-later') {
      const wait = backoffDelay(this.failures, this.deps.random);
      this.failures += 1;
      this.setStatus({
        phase: 'retry-scheduled',
        progress: null,
        retryAt: this.clock.now() + wait,
        lastOutcome: result,
      });
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.setStatus({ phase: 'idle', retryAt: null });
        this.request();
      }, wait);
      return;
    }
    this.failures = 0;
    this.setStatus({ phase: 'idle', progress: null, retryAt: null, lastOutcome: result });
    if (this.again) {
      this.again = false;
      this.request();
      return;
    }
    void this.deps.hasWaiting().then((waiting) => {
      if (waiting && !this.timer && !this.stopped) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.request();
        }, PERIODIC_SYNC_MS);
      }
    });
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.deps.onStatus?.(this.status);
  }
}
