// whenControlled: cache-warming work waits for the service worker to control the page, so a first visit never
// downloads the precache's files twice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenControlled } from '../../../src/app/pwa/service-worker';

/** A browser's service worker container: `controller` as given, and its controllerchange event. */
function serviceWorkerContainer(controller: object | null) {
  const container = Object.assign(new EventTarget(), { controller });
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { serviceWorker: container }));
  return container;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('whenControlled', () => {
  it('waits on a first visit until the service worker takes control, then runs the task once', () => {
    vi.stubEnv('DEV', false);
    const container = serviceWorkerContainer(null);
    const task = vi.fn(() => () => undefined);
    whenControlled(task);
    expect(task).not.toHaveBeenCalled();

    container.dispatchEvent(new Event('controllerchange'));
    container.dispatchEvent(new Event('controllerchange'));
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs at once when the page is already controlled (every later visit)', () => {
    vi.stubEnv('DEV', false);
    serviceWorkerContainer({});
    const task = vi.fn(() => () => undefined);
    whenControlled(task);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs the task once cancelled before control, and stops a task that had started', () => {
    vi.stubEnv('DEV', false);
    const container = serviceWorkerContainer(null);
    const task = vi.fn(() => () => undefined);
    whenControlled(task)();
    container.dispatchEvent(new Event('controllerchange'));
    expect(task).not.toHaveBeenCalled();

    const stopTask = vi.fn();
    const cancel = whenControlled(() => stopTask);
    container.dispatchEvent(new Event('controllerchange'));
    cancel();
    expect(stopTask).toHaveBeenCalledTimes(1);
  });
});
