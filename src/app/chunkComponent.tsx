import { LoadingPlaceholder } from '@grafana/ui';
import React, { startTransition, useEffect, useState, type ComponentType } from 'react';

/**
 * A component whose code is its own chunk, rendered once the chunk is in, with a loading placeholder
 * until then. Not `React.lazy` + `Suspense`: from React 19 on (Grafana 13), a Suspense boundary whose
 * content arrives within 300 ms of its fallback is revealed only 300 ms after that fallback, so every
 * page load would wait for the throttle, not for the chunk. Here the loaded component is an ordinary
 * state update. The chunk is requested on first render and shared by every instance; a failed load
 * throws from render (to the nearest error boundary, as `React.lazy` does) and the next mount tries again.
 */
export function chunkComponent<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
  loadingText: string
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const start = () =>
    (pending ??= load().then(
      (m) => (loaded = m.default),
      (e: unknown) => {
        pending = undefined;
        throw e;
      }
    ));

  function ChunkComponent(props: P) {
    const [state, setState] = useState<{ component?: ComponentType<P>; error?: unknown }>(() => ({
      component: loaded,
    }));
    if (!state.component) {
      void start().catch(() => undefined);
    }
    useEffect(() => {
      if (state.component || state.error !== undefined) {
        return;
      }
      let live = true;
      start().then(
        // A transition, as a Suspense retry was: the app's first render yields to the browser
        // (chunks arriving, the page's first request) instead of holding the main thread.
        (component) => live && startTransition(() => setState({ component })),
        (error: unknown) => live && setState({ error })
      );
      return () => {
        live = false;
      };
    }, [state]);
    if (state.error !== undefined) {
      throw state.error;
    }
    const Loaded = state.component;
    return Loaded ? <Loaded {...props} /> : <LoadingPlaceholder text={loadingText} />;
  }
  return ChunkComponent;
}
