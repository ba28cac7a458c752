// lazy(): a screen whose code cannot be loaded says why, in the screen's own words; until its code arrives it shows
// its placeholder. prefetchWhenIdle(): the screens' code loads in idle moments, and a failed prefetch says nothing
// until the screen is opened.
import { render, screen } from '@testing-library/preact';
import { type ComponentType, render as renderOutsideAct } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type IdleScheduler, lazy, prefetchWhenIdle, whenIdle } from '../../../src/app/shell/lazy';

const failing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** An idle scheduler the test runs by hand: each call queues a task, `runIdle` runs the first waiting one. */
function manualIdle() {
  const tasks: (() => void)[] = [];
  const schedule: IdleScheduler = (task) => tasks.push(task);
  const runIdle = async () => {
    tasks.shift()?.();
    // Let the prefetch settle and schedule the next one.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { schedule, runIdle, waiting: () => tasks.length };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('a lazy screen whose code cannot be loaded', () => {
  it('tells the worker to reload when it has no words of its own', async () => {
    const Screen = lazy(failing);
    render(<Screen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This part of Anchor Outreach could not be loaded. Reload the app to try again.',
    );
  });

  it('says what it was given (the console: it needs a connection)', async () => {
    const Screen = lazy(failing, { couldNotLoad: 'The coordinator console needs a connection.' });
    render(<Screen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The coordinator console needs a connection.',
    );
  });

  it('shows the screen once its code arrives, and its placeholder until then', async () => {
    let arrive: (component: ComponentType) => void = () => {};
    const Screen = lazy(() => new Promise<ComponentType>((resolve) => (arrive = resolve)), {
      placeholder: <p>Checking…</p>,
    });
    render(<Screen />);
    expect(screen.getByText('Checking…')).toBeTruthy();
    arrive(() => <h1>Loaded</h1>);
    expect(await screen.findByRole('heading', { name: 'Loaded' })).toBeTruthy();
    expect(screen.queryByText('Checking…')).toBeNull();
  });
  it('shows the screen when its code arrives after the placeholder is painted but before its effects run', async () => {
    // The home page's sync panel: Home's loader prefetches it, Home renders its placeholder, and the code arrives in
    // the moment before Preact runs the panel's effects (after the next paint). Rendered outside act(), so the
    // effects wait for that paint as they do in the app (act() would run them at once, hiding the race).
    let arrive: (component: ComponentType) => void = () => {};
    const Screen = lazy(() => new Promise<ComponentType>((resolve) => (arrive = resolve)), {
      placeholder: <p>Checking…</p>,
    });
    void Screen.prefetch();
    const container = document.body.appendChild(document.createElement('div'));
    try {
      renderOutsideAct(<Screen />, container);
      expect(container.textContent).toBe('Checking…');
      arrive(() => <h1>Loaded</h1>);
      expect(await screen.findByRole('heading', { name: 'Loaded' })).toBeTruthy();
      expect(container.textContent).toBe('Loaded');
    } finally {
      renderOutsideAct(null, container);
      container.remove();
    }
  });
});

describe('prefetching lazy screens when idle', () => {
  it('calls each screen’s loader in its own idle moment, in order, and the screen then shows at once', async () => {
    const loadA = vi.fn(() => Promise.resolve(() => <h1>Screen A</h1>));
    const loadB = vi.fn(() => Promise.resolve(() => <h1>Screen B</h1>));
    const A = lazy(loadA);
    const B = lazy(loadB);
    const idle = manualIdle();
    prefetchWhenIdle([A, B], idle.schedule);
    expect(loadA).not.toHaveBeenCalled();

    await idle.runIdle();
    expect(loadA).toHaveBeenCalledTimes(1);
    expect(loadB).not.toHaveBeenCalled();
    await idle.runIdle();
    expect(loadB).toHaveBeenCalledTimes(1);
    expect(idle.waiting()).toBe(0);

    // Opening a prefetched screen renders it in the first frame, without loading again.
    render(<B />);
    expect(screen.getByRole('heading', { name: 'Screen B' })).toBeTruthy();
    expect(loadB).toHaveBeenCalledTimes(1);
  });

  it('says nothing when a prefetch fails, goes on to the next screen, and the failed one says so only when opened', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const loadFailing = vi.fn(failing);
      const loadNext = vi.fn(() => Promise.resolve(() => <h1>Next</h1>));
      const Failing = lazy(loadFailing);
      const Next = lazy(loadNext);
      const idle = manualIdle();
      prefetchWhenIdle([Failing, Next], idle.schedule);
      await idle.runIdle();
      await idle.runIdle();
      expect(loadFailing).toHaveBeenCalledTimes(1);
      expect(loadNext).toHaveBeenCalledTimes(1);
      expect(unhandled).not.toHaveBeenCalled();
      expect(screen.queryByRole('alert')).toBeNull();

      // Opened, it tries again (the failure was not kept) and only then says it could not load.
      render(<Failing />);
      expect((await screen.findByRole('alert')).textContent).toContain('could not be loaded');
      expect(loadFailing).toHaveBeenCalledTimes(2);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('stops before the next screen when stopped (the app frame went away)', async () => {
    const load = vi.fn(() => Promise.resolve(() => <h1>Never</h1>));
    const idle = manualIdle();
    const stop = prefetchWhenIdle([lazy(load)], idle.schedule);
    stop();
    await idle.runIdle();
    expect(load).not.toHaveBeenCalled();
  });

  it('waits for requestIdleCallback where the browser has it', () => {
    const requestIdleCallback = vi.fn();
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    const task = vi.fn();
    whenIdle(task);
    expect(task).not.toHaveBeenCalled();
    requestIdleCallback.mock.calls[0]?.[0]();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('waits on a timer where the browser has no requestIdleCallback (Safari)', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.useFakeTimers();
    const task = vi.fn();
    whenIdle(task);
    expect(task).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(task).toHaveBeenCalledTimes(1);
  });
});
