import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import React from 'react';
import { missingPermissionReason } from './permissions';
import { testIds } from './testIds';
import type { Action } from '../contract';

export interface NoAccessSceneState extends SceneObjectState {
  action: Action;
}

/** Shown instead of a page the user may not see: nav gating hides links, this protects the route. */
export class NoAccessScene extends SceneObjectBase<NoAccessSceneState> {
  static Component = NoAccessRenderer;
}

function NoAccessRenderer({ model }: SceneComponentProps<NoAccessScene>) {
  const { action } = model.useState();
  return (
    <Alert severity="warning" title="You do not have access to this page" data-testid={testIds.app.noAccess}>
      {missingPermissionReason(action)}. Ask a Grafana admin to grant it.
    </Alert>
  );
}
