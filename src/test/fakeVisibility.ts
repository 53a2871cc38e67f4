import type { Visibility } from '../shared/liveRefresh';

/** The browser tab's visibility, switched by a test (`set(true)` hides the tab and tells the listeners). */
export function fakeVisibility() {
  let hidden = false;
  const listeners = new Set<() => void>();
  const v: Visibility = {
    hidden: () => hidden,
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    v,
    set(h: boolean) {
      hidden = h;
      listeners.forEach((l) => l());
    },
    listeners,
  };
}
