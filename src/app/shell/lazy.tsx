// lazy(): a screen whose code loads on first use, keeping the app shell small. The service worker precaches every
// chunk, so a lazy screen opens offline too.
import { type ComponentType, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** What a screen whose code could not be loaded says (a screen not precached says why, e.g. "needs a connection"). */
const COULD_NOT_LOAD = 'This part of Anchor Outreach could not be loaded. Reload the app to try again.';

export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  couldNotLoad: string = COULD_NOT_LOAD,
): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  return function LazyScreen(props: P) {
    const [failed, setFailed] = useState(false);
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      loading ??= load().then((component) => {
        loaded = component;
      });
      loading.then(
        () => live && setReady(true),
        () => {
          loading = null;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) return h(loaded, props);
    if (failed) {
      return (
        <p class="nhsuk-body" role="alert">
          {couldNotLoad}
        </p>
      );
    }
    return null;
  };
}
