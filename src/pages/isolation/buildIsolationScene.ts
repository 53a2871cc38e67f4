import { IsolationPostureScene } from './IsolationPostureScene';

/** Body of the isolation posture page; loaded lazily (its own chunk) by isolationPage. */
export function buildIsolationScene(): IsolationPostureScene {
  return new IsolationPostureScene();
}
