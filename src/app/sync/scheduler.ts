// When syncs run: on start, when the connection returns, when the tab is shown, on the service worker's request,
// every minute while something waits, after sign-in and on "Sync now"; one at a time, and at most one attempt per
// backoff step after a failure, whatever triggers it. Only a person (Sync now, signing in) skips the wait.
import { backoffDelay } from './backoff';
import type { SyncOutcome, SyncProgress } from './engine';

export const PERIODIC_SYNC_MS = 60_000;

export type SyncPhase = 'idle' | 'syncing' | 'retry-scheduled' | 'needs-sign-in' | 'refused' | 'offline';

export interface SyncStatus {
  phase: SyncPhase;
  progress: SyncProgress | null;
  /** When the next automatic attempt may happen after a failure, as epoch ms; null when nothing is waiting on it. */
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

/** Who asked: `manual` is a person (Sync now, signing in); everything else is automatic and waits its turn. */
export interface SyncRequest {
  manual?: boolean;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SyncScheduler {
  private running = false;
  /** A request arrived during a run: one more run follows it (manual if any of those requests was). */
  private again: SyncRequest | null = null;
  private failures = 0;
  /** No automatic attempt before this time (epoch ms): the current backoff step. 0 when not backing off. */
  private notBefore = 0;
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
   * Asks for a sync. While offline nothing is tried (the online event asks again) and the backoff step is kept.
   * While a run is going, one more run follows it. An automatic request during a backoff wait, after a refusal or
   * while sign-in is needed does nothing more than make sure the wait's own timer is set; `manual` runs at once.
   */
  request(options: SyncRequest = {}): void {
    if (this.stopped) return;
    const manual = options.manual === true;
    if (!this.deps.isOnline()) {
      // Going offline does not end the backoff step: flapping Wi-Fi must not turn into a retry loop.
      if (!this.running && this.status.phase !== 'offline') this.setStatus({ phase: 'offline' });
      return;
    }
    if (this.running) {
      this.again = { manual: manual || this.again?.manual === true };
      return;
    }
    if (!manual) {
      // A person has to act (sign in, update the app, see their coordinator) before an automatic run can help.
      if (this.status.phase === 'needs-sign-in' || this.status.phase === 'refused') return;
      // Inside a backoff step: the step's timer makes its one attempt.
      if (this.clock.now() < this.notBefore) {
        this.armRetryTimer();
        if (this.status.phase !== 'retry-scheduled') {
          this.setStatus({ phase: 'retry-scheduled', retryAt: this.notBefore });
        }
        return;
      }
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
    this.again = null;
    this.setStatus({ phase: 'syncing', progress: null, retryAt: null });
    let outcome: SyncOutcome;
    try {
      let result: SyncOutcome = { state: 'done', sent: 0 };
      const task = async () => {
        result = await this.deps.run((progress) => this.setStatus({ progress }));
      };
      const withLock =
        this.deps.withLock ??
        (async (work: () => Promise<void>) => {
          await work();
          return true;
        });
      const ran = await withLock(task);
      // Another tab is syncing: its results reach this one through the store.
      outcome = ran ? result : { state: 'done', sent: 0 };
    } catch (error) {
      outcome = { state: 'retry-later', sent: 0, reason: error instanceof Error ? error.message : 'failed' };
    } finally {
      this.running = false;
    }
    this.settle(outcome);
  }

  private settle(outcome: SyncOutcome): void {
    if (this.stopped) return;
    const again = this.again;
    this.again = null;
    switch (outcome.state) {
      case 'needs-sign-in':
        this.setStatus({ phase: 'needs-sign-in', progress: null, retryAt: null, lastOutcome: outcome });
        if (again?.manual) this.request(again);
        return;
      case 'refused':
        this.setStatus({ phase: 'refused', progress: null, retryAt: null, lastOutcome: outcome });
        if (again?.manual) this.request(again);
        return;
      case 'retry-later': {
        const wait = backoffDelay(this.failures, this.deps.random);
        this.failures += 1;
        this.notBefore = this.clock.now() + wait;
        this.armRetryTimer();
        this.setStatus({
          phase: 'retry-scheduled',
          progress: null,
          retryAt: this.notBefore,
          lastOutcome: outcome,
        });
        if (again?.manual) this.request(again);
        return;
      }
      case 'done':
        this.failures = 0;
        this.notBefore = 0;
        this.setStatus({ phase: 'idle', progress: null, retryAt: null, lastOutcome: outcome });
        if (again) {
          this.request(again);
          return;
        }
        void this.deps.hasWaiting().then((waiting) => {
          if (waiting && this.timer === null && !this.stopped && !this.running) {
            this.timer = this.clock.setTimeout(() => {
              this.timer = null;
              this.request();
            }, PERIODIC_SYNC_MS);
          }
        });
        return;
      default:
        unhandledOutcome(outcome);
    }
  }

  /** The one timer of the current backoff step; it makes the step's single attempt. */
  private armRetryTimer(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.request();
      },
      Math.max(0, this.notBefore - this.clock.now()),
    );
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

function unhandledOutcome(outcome: never): never {
  throw new Error(`Unhandled sync outcome ${JSON.stringify(outcome)}`);
}
