import { locationService } from '@grafana/runtime';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { OperationsApi } from '../api/operationsApi';
import { Actions, type JobSource } from '../contract';
import { ActionFlowScene, type ActionIntent } from './ActionFlowScene';
import { PermissionButton } from './PermissionButton';
import {
  RUN_ACTIONS,
  TENANT_RUN_ACTIONS,
  describeTarget,
  fits,
  formatDeploymentTarget,
  isRunAction,
  jobBody,
  parseDeploymentTarget,
  type RunActionKey,
  type RunTarget,
} from './runActions';
import { testIds } from './testIds';
import { firstValue, hasKey } from './urlState';

export interface RunActionSceneState extends SceneObjectState {
  /** Fixed target (a tenant page); otherwise the target comes from the URL (`target=<env>/<deployment>`). */
  tenantId?: string;
  /** Target read from the URL (operations hub, alert links). */
  urlTarget?: RunTarget;
  /** The action whose preflight is open (synced to `?action=`). */
  action?: RunActionKey;
  source?: JobSource;
  /** The plan → reason → run flow the chosen action opens. */
  flow: ActionFlowScene;
}

/**
 * Run an action: the action bar of a tenant page, and `?action=drain` (with
 * `&target=prod/gateway-prod-0` for deployments) as a link that opens the action's preflight
 * directly, so alert links work. The flow itself is the shared {@link ActionFlowScene}.
 */
export class RunActionScene extends SceneObjectBase<RunActionSceneState> {
  static Component = RunActionRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['action', 'target'] });

  constructor(state: Partial<RunActionSceneState> = {}, api?: OperationsApi) {
    super({ ...state, flow: state.flow ?? new ActionFlowScene({}, api) });
    this.addActivationHandler(() => {
      if (this.state.action && !this.state.flow.state.intent) {
        this.startFlow();
      }
    });
  }

  get target(): RunTarget | undefined {
    return this.state.tenantId ? { kind: 'tenant', tenantId: this.state.tenantId } : this.state.urlTarget;
  }

  getUrlState(): SceneObjectUrlValues {
    return {
      action: this.state.action ?? null,
      target: this.state.tenantId ? null : formatDeploymentTarget(this.state.urlTarget),
    };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const patch: Partial<RunActionSceneState> = {};
    if (hasKey(values, 'target') && !this.state.tenantId) {
      patch.urlTarget = parseDeploymentTarget(firstValue(values.target));
    }
    if (hasKey(values, 'action')) {
      const a = firstValue(values.action);
      patch.action = isRunAction(a) ? a : undefined;
    }
    const action = 'action' in patch ? patch.action : this.state.action;
    const urlTarget = 'urlTarget' in patch ? patch.urlTarget : this.state.urlTarget;
    if (
      action === this.state.action &&
      formatDeploymentTarget(urlTarget) === formatDeploymentTarget(this.state.urlTarget)
    ) {
      return;
    }
    this.setState(patch);
    if (this.isActive) {
      this.startFlow();
    }
  }

  /** Opens the preflight of `action` (and records it in the URL, so the link can be shared). */
  open = (action: RunActionKey, urlTarget?: RunTarget) => {
    this._urlSync.performBrowserHistoryAction(() => this.setState({ action, ...(urlTarget ? { urlTarget } : {}) }));
    this.startFlow();
  };

  /** Closes the flow and removes the action from the URL. */
  close = () => {
    if (this.state.flow.state.intent) {
      this.state.flow.close();
    } else {
      this.clearAction();
    }
  };

  private clearAction = () => {
    if (this.state.action || this.state.urlTarget) {
      this._urlSync.performBrowserHistoryAction(() => this.setState({ action: undefined, urlTarget: undefined }));
    }
  };

  private startFlow() {
    const intent = this.intent();
    if (intent) {
      this.state.flow.open(intent, this.clearAction);
    } else if (this.state.flow.state.intent) {
      this.state.flow.reset();
    }
  }

  private intent(): ActionIntent | undefined {
    const { action } = this.state;
    const target = this.target;
    if (!action || !target || !fits(action, target)) {
      return undefined;
    }
    const source = this.source();
    return {
      id: `${action}:${describeTarget(target)}`,
      action,
      title: `${RUN_ACTIONS[action].label} ${describeTarget(target)}`,
      permission: Actions.operationsExecute,
      body: (reason) => jobBody(action, target, reason, source),
    };
  }

  private source(): JobSource {
    return this.state.source ?? { kind: 'page', ref: locationService.getLocation().pathname.slice(0, 500) };
  }
}

function ActionBar({ model }: { model: RunActionScene }) {
  if (!model.state.tenantId) {
    return null;
  }
  return (
    <Stack direction="row" gap={1} alignItems="center" wrap="wrap" data-testid={testIds.runAction.bar}>
      <Text color="secondary">Run an action:</Text>
      {TENANT_RUN_ACTIONS.map((a) => (
        <PermissionButton
          key={a}
          action={Actions.operationsExecute}
          size="sm"
          variant={a === 'suspend' ? 'destructive' : 'secondary'}
          aria-label={`${RUN_ACTIONS[a].label}: ${RUN_ACTIONS[a].help}`}
          onClick={() => model.open(a)}
          data-testid={`${testIds.runAction.actionPrefix}${a}`}
        >
          {`${RUN_ACTIONS[a].label}…`}
        </PermissionButton>
      ))}
    </Stack>
  );
}

function RunActionRenderer({ model }: SceneComponentProps<RunActionScene>) {
  const { action, flow } = model.useState();
  const target = model.target;
  return (
    <>
      <ActionBar model={model} />
      {action && !fits(action, target) && (
        <Alert
          severity="warning"
          title={`${RUN_ACTIONS[action].label} needs a ${RUN_ACTIONS[action].targetKind} to run on`}
          onRemove={model.close}
          data-testid={testIds.runAction.error}
        />
      )}
      <flow.Component model={flow} />
    </>
  );
}
