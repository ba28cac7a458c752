// lazy(): a screen whose code cannot be loaded (offline and not precached) says why, in the screen's own words.
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { lazy } from '../../../src/app/shell/lazy';

const failing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

describe('a lazy screen whose code cannot be loaded', () => {
  it('tells the worker to reload when it has no words of its own', async () => {
    const Screen = lazy(failing);
    render(<Screen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This part of Anchor Outreach could not be loaded. Reload the app to try again.',
    );
  });

  it('says what it was given (the console: it needs a connection)', async () => {
    const Screen = lazy(failing, 'The coordinator console needs a connection.');
    render(<Screen />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The coordinator console needs a connection.',
    );
  });

  it('shows the screen once its code arrives', async () => {
    const Screen = lazy(() => Promise.resolve(() => <h1>Loaded</h1>));
    render(<Screen />);
    expect(await screen.findByRole('heading', { name: 'Loaded' })).toBeTruthy();
  });
});
