import { EmbeddedScene, type SceneObject } from '@grafana/scenes';
import { can } from './permissions';
import type { Action } from '../contract';
import { LazySceneBody } from './LazySceneBody';
import { NoAccessScene } from './NoAccessScene';

/**
 * A page scene that loads its body lazily, but only for users holding `action`; others get an
 * explanation. Checked when the page is opened, so a typed URL is guarded as well as the nav.
 */
export function buildGuardedScene(action: Action, load: () => Promise<SceneObject>): EmbeddedScene {
  return new EmbeddedScene({
    body: can(action) ? new LazySceneBody(load) : new NoAccessScene({ action }),
  });
}
