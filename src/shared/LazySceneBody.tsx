import {
  NewSceneObjectAddedEvent,
  SceneObjectBase,
  type SceneComponentProps,
  type SceneObject,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import React from 'react';
import { testIds } from './testIds';

export interface LazySceneBodyState extends SceneObjectState {
  body?: SceneObject;
  failed?: boolean;
}

/**
 * A page body whose code is loaded on first activation (`import()` → its own chunk), so
 * module.js and the app shell stay small. Once loaded, the body is announced to the URL sync
 * manager so its URL state (filters, cursors) is applied before it activates.
 */
export class LazySceneBody extends SceneObjectBase<LazySceneBodyState> {
  static Component = LazySceneBodyRenderer;
  private readonly load: () => Promise<SceneObject>;
  private readonly startAfter?: () => Promise<unknown>;
  private loading = false;

  /**
   * `startAfter`: what the load waits for before it starts (e.g. the page's first rows), so a
   * secondary body's code does not compete with the page's first render.
   */
  constructor(
    load: () => Promise<SceneObject>,
    state: Partial<LazySceneBodyState> = {},
    startAfter?: () => Promise<unknown>
  ) {
    super(state);
    this.load = load;
    this.startAfter = startAfter;
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    if (this.state.body || this.loading) {
      return;
    }
    this.loading = true;
    const ready = this.startAfter ? this.startAfter().catch(() => undefined) : Promise.resolve();
    ready
      .then(() => this.load())
      .then(
        (body) => {
          this.setState({ body, failed: false });
          this.publishEvent(new NewSceneObjectAddedEvent(body), true);
        },
        () => this.setState({ failed: true })
      )
      .finally(() => {
        this.loading = false;
      });
  }
}

function LazySceneBodyRenderer({ model }: SceneComponentProps<LazySceneBody>) {
  const { body, failed } = model.useState();
  if (failed) {
    return (
      <Alert severity="error" title="This page failed to load">
        Grafana may have been updated with a new version of Switchyard. Reload the page.
      </Alert>
    );
  }
  if (!body) {
    return <LoadingPlaceholder text="Loading…" data-testid={testIds.app.pageLoading} />;
  }
  return <body.Component model={body} />;
}
