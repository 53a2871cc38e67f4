import { locationService } from '@grafana/runtime';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Button, Drawer, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { newIdempotencyKey } from '../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../api/operationsApi';
import { toApiRequestError } from '../api/toApiRequestError';
import { jobUrl } from './routing';
import { ApiErrorAlert, ApiErrorDetails } from './ApiErrorAlert';
import { JobPlanView } from './JobPlanView';
import { PermissionButton } from './PermissionButton';
import { ReasonModal } from './ReasonModal';
import { testIds } from './testIds';
import { Actions, type JobPlan, type JobSource } from '../contract';
import {
  DRY_RUN_REASON,
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

export interface RunActionSceneState extends SceneObjectState {
  /** Fixed target (a tenant page); otherwise the target comes from the URL (`target=<env>/<deployment>`). */
  tenantId?: string;
  /** Target read from the URL (operations hub, alert links). */
  urlTarget?: RunTarget;
  /** The action whose preflight is open (synced to `?action=`). */
  action?: RunActionKey;
  planning: boolean;
  plan?: JobPlan;
  planError?: ApiRequestError;
  /** The reason modal is open. */
  confirming: boolean;
  running: boolean;
  runError?: ApiRequestError;
  source?: JobSource;
}

/**
 * Run an action: choose it → dry-run plan (`POST /jobs?dryRun=true`) → reason → run (one
 * Idempotency-Key per confirmation, reused on retry) → land on the job page. `?action=drain` (and
 * `&target=prod/gateway-prod-0` for deployments) opens the preflight directly, so alert links work.
 */
export class RunActionScene extends SceneObjectBase<RunActionSceneState> {
  static Component = RunActionRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['action', 'target'] });
  private readonly api: OperationsApi;
  private runKey = '';
  private planSeq = 0;

  constructor(state: Partial<RunActionSceneState> = {}, api: OperationsApi = operationsApi) {
    super({ planning: false, confirming: false, running: false, ...state });
    this.api = api;
    this.addActivationHandler(() => {
      if (this.state.action && !this.state.plan && !this.state.planning) {
        void this.preview();
      }
      return () => {
        this.planSeq++;
      };
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
    if ('target' in values && !this.state.tenantId) {
      patch.urlTarget = parseDeploymentTarget(values.target as string | null);
    }
    if ('action' in values) {
      const a = values.action;
      patch.action = isRunAction(a) ? a : undefined;
    }
    const changed =
      patch.action !== this.state.action ||
      formatDeploymentTarget(patch.urlTarget) !== formatDeploymentTarget(this.state.urlTarget);
    if (!changed) {
      return;
    }
    this.setState({ ...patch, plan: undefined, planError: undefined, confirming: false, runError: undefined });
    if (this.isActive && this.state.action) {
      void this.preview();
    }
  }

  /** Opens the preflight of `action` (and records it in the URL, so the link can be shared). */
  open = (action: RunActionKey, urlTarget?: RunTarget) => {
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({
        action,
        ...(urlTarget ? { urlTarget } : {}),
        plan: undefined,
        planError: undefined,
        confirming: false,
        runError: undefined,
      })
    );
    void this.preview();
  };

  close = () => {
    this.planSeq++;
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({
        action: undefined,
        urlTarget: undefined,
        plan: undefined,
        planError: undefined,
        planning: false,
        confirming: false,
        runError: undefined,
      })
    );
  };

  preview = async () => {
    const { action } = this.state;
    const target = this.target;
    if (!action || !target || !fits(action, target)) {
      return;
    }
    const seq = ++this.planSeq;
    this.setState({ planning: true, planError: undefined, plan: undefined });
    try {
      const res = await this.api.createJob(
        jobBody(action, target, DRY_RUN_REASON, this.source()),
        true,
        newIdempotencyKey()
      );
      if (seq === this.planSeq) {
        this.setState({ planning: false, plan: res.plan });
      }
    } catch (e) {
      if (seq === this.planSeq) {
        this.setState({ planning: false, planError: toApiRequestError(e) });
      }
    }
  };

  confirm = () => {
    this.runKey = newIdempotencyKey();
    this.setState({ confirming: true, runError: undefined });
  };

  dismissConfirm = () => {
    this.setState({ confirming: false, runError: undefined });
  };

  run = async (reason: string) => {
    const { action, running } = this.state;
    const target = this.target;
    if (!action || !target || running) {
      return;
    }
    this.setState({ running: true, runError: undefined });
    try {
      const res = await this.api.createJob(jobBody(action, target, reason, this.source()), false, this.runKey);
      this.setState({ running: false, confirming: false, action: undefined, plan: undefined });
      if (res.job) {
        locationService.push(jobUrl(res.job.id));
      }
    } catch (e) {
      this.setState({ running: false, runError: toApiRequestError(e) });
    }
  };

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
  const { action, planning, plan, planError, confirming, running, runError } = model.useState();
  const target = model.target;
  const title = action && target ? `${RUN_ACTIONS[action].label} ${describeTarget(target)}` : '';
  return (
    <>
      <ActionBar model={model} />
      {action && (
        <Drawer title={title} subtitle="Preflight: nothing has been changed yet" onClose={model.close} size="md">
          <div data-testid={testIds.runAction.drawer} data-action={action}>
            <Stack direction="column" gap={2}>
              {!target || !fits(action, target) ? (
                <Text color="error">{`${RUN_ACTIONS[action].label} needs a ${RUN_ACTIONS[action].targetKind} to run on.`}</Text>
              ) : planning ? (
                <LoadingPlaceholder text="Planning (dry run)…" data-testid={testIds.runAction.loading} />
              ) : planError ? (
                <div data-testid={testIds.runAction.error}>
                  <ApiErrorAlert title="Could not plan this action" error={planError} onRetry={model.preview} />
                </div>
              ) : plan ? (
                <JobPlanView plan={plan} />
              ) : null}
              <Stack direction="row" gap={1}>
                <PermissionButton
                  action={Actions.operationsExecute}
                  disabled={!plan || plan.blocked}
                  onClick={model.confirm}
                  data-testid={testIds.runAction.run}
                >
                  {plan?.approvalRequired ? 'Request…' : 'Run…'}
                </PermissionButton>
                <Button variant="secondary" fill="outline" onClick={model.close} data-testid={testIds.runAction.close}>
                  Close
                </Button>
              </Stack>
            </Stack>
          </div>
        </Drawer>
      )}
      <ReasonModal
        isOpen={confirming}
        title={title}
        description={
          plan
            ? `${plan.steps.length} steps on ${plan.target}${plan.approvalRequired ? '; waits for a second operator' : ''}.`
            : undefined
        }
        confirmText={plan?.approvalRequired ? 'Request approval' : 'Run'}
        busy={running}
        error={runError ? <ApiErrorDetails error={runError} /> : undefined}
        onSubmit={model.run}
        onDismiss={model.dismissConfirm}
      />
    </>
  );
}
