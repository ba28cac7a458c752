// A small History-API router: the current location in a store, navigate(), and a click handler for links.
import { createStore } from 'zustand/vanilla';
import { useStore } from './app-state';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
});

export const locationStore = createStore<Location>(() =>
  typeof window === 'undefined' ? { path: '/', query: new URLSearchParams() } : read(),
);

/** Goes to an in-app address without a page load; focus moves to the new page's heading (see Page). */
let navigatedInApp = false;
/** True once the worker has moved between screens in this page load (screens then move focus to their heading). */
export const hasNavigatedInApp = (): boolean => navigatedInApp;

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  navigatedInApp = true;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  locationStore.setState(read());
  window.scrollTo(0, 0);
}

export function watchHistory(): () => void {
  const update = () => {
    navigatedInApp = true;
    locationStore.setState(read());
  };
  window.addEventListener('popstate', update);
  return () => window.removeEventListener('popstate', update);
}

/** For onClick on in-app <a href>: a plain left click navigates in-app; modified clicks keep browser behaviour. */
export function followLink(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
    return;
  if (anchor.target || anchor.origin !== window.location.origin || anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

const selectLocation = (location: Location) => location;
export const useLocation = (): Location => useStore(locationStore, selectLocation);

/** Matches a path against a pattern like "/records/:type/:id"; returns the named parts or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (path === '/' && pattern === '/') return {};
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string;
    const value = got[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}
