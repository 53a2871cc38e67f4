import { EmbeddedScene, type SceneObject } from '@grafana/scenes';
import { can } from './permissions';
import type { Action } from '../contract';
import { LazySceneBody } from './LazySceneBody';
import { NoAccessScene } from './NoAccessScene';

/**
 * A page scene that loads its body lazily, but only for users holding `action` (every one, when
 * several); others get an explanation naming the first one they miss. Checked when the page is
 * opened, so a typed URL is guarded as well as the nav.
 */
export function buildGuardedScene(action: Action | readonly Action[], load: () => Promise<SceneObject>): EmbeddedScene {
  const missing = (typeof action === 'string' ? [action] : action).find((a) => !can(a));
  return new EmbeddedScene({
    body: missing ? new NoAccessScene({ action: missing }) : new LazySceneBody(load),
  });
}
