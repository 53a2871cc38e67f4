import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Button, Drawer, LoadingPlaceholder, Stack } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { newIdempotencyKey } from '../api/idempotencyKey';
import { operationsApi, type OperationsApi } from '../api/operationsApi';
import { toApiRequestError } from '../api/toApiRequestError';
import type { Action, CreateJob, JobPlan } from '../contract';
import { ApiErrorAlert, ApiErrorDetails } from './ApiErrorAlert';
import { JobPlanView } from './JobPlanView';
import { PermissionButton } from './PermissionButton';
import { ReasonModal } from './ReasonModal';
import { jobUrl } from './routing';
import { testIds } from './testIds';

/** A dry run needs a reason to validate; the real one is asked for after the plan is shown. */
const DRY_RUN_REASON = 'preview (dry run)';

/** What the operator asks for: one job, described well enough to plan it and to run it. */
export interface ActionIntent {
  /** Identity of the request (same id → same Idempotency-Key); e.g. `tenant.migrate:acme:gateway:gw-2`. */
  id: string;
  /** The action's short name (`drain`, `migrate`, `cordon`, `rebalance`), shown as the drawer's `data-action`. */
  action: string;
  /** Drawer and confirmation title: "Drain tenant acme". */
  title: string;
  /** The job to create, for a reason. */
  body: (reason: string) => CreateJob;
  /** The RBAC action the run needs (the Run button says why it is disabled). */
  permission: Action;
  /** The run button's verb ("Run", "Migrate", "Cordon"); "Request approval" when the plan needs one. */
  runLabel?: string;
}

export interface ActionFlowSceneState extends SceneObjectState {
  /** The intent whose preflight is open; the drawer shows while set. */
  intent?: ActionIntent;
  planning: boolean;
  plan?: JobPlan;
  planError?: ApiRequestError;
  /** The reason modal is open. */
  confirming: boolean;
  running: boolean;
  runError?: ApiRequestError;
}

/**
 * The one way an action is launched: plan (dry run) → preflight checks with measured value and
 * threshold, steps and diff → reason (required, validated) → run → follow the job (its page).
 *
 * One Idempotency-Key per intent: made when the plan is shown, reused by every retry and double
 * click, replaced only when the operator changes the intent (another target, another action, or
 * another reason after a failed attempt, which the sidecar would otherwise refuse as a reused key).
 * A fulfilled intent is forgotten, so asking again later is a new request.
 */
export class ActionFlowScene extends SceneObjectBase<ActionFlowSceneState> {
  static Component = ActionFlowRenderer;
  private readonly api: OperationsApi;
  private planSeq = 0;
  private key?: { intentId: string; value: string; reason?: string };
  private onClose?: () => void;

  constructor(state: Partial<ActionFlowSceneState> = {}, api: OperationsApi = operationsApi) {
    super({ planning: false, confirming: false, running: false, ...state });
    this.api = api;
    this.addActivationHandler(() => () => {
      this.planSeq++;
    });
  }

  /** The Idempotency-Key the next run of the open intent sends (undefined before its plan is shown). */
  get idempotencyKey(): string | undefined {
    return this.key?.intentId === this.state.intent?.id ? this.key?.value : undefined;
  }

  /** Opens the preflight of `intent` and plans it; `onClose` runs when the operator closes the flow. */
  open = (intent: ActionIntent, onClose?: () => void) => {
    this.onClose = onClose;
    this.setState({ intent, plan: undefined, planError: undefined, confirming: false, runError: undefined });
    void this.plan();
  };

  /** The operator closes the flow: nothing runs, and the owner hears of it. */
  close = () => {
    const onClose = this.onClose;
    this.reset();
    onClose?.();
  };

  /** Closes the flow without telling the owner (the owner itself dropped the intent, e.g. on browser back). */
  reset = () => {
    this.planSeq++;
    this.onClose = undefined;
    this.setState({
      intent: undefined,
      plan: undefined,
      planError: undefined,
      planning: false,
      confirming: false,
      runError: undefined,
    });
  };

  plan = async () => {
    const intent = this.state.intent;
    if (!intent) {
      return;
    }
    const seq = ++this.planSeq;
    this.setState({ planning: true, planError: undefined, plan: undefined });
    try {
      const res = await this.api.createJob(intent.body(DRY_RUN_REASON), true, newIdempotencyKey());
      if (seq !== this.planSeq) {
        return;
      }
      if (this.key?.intentId !== intent.id) {
        this.key = { intentId: intent.id, value: newIdempotencyKey() };
      }
      this.setState({ planning: false, plan: res.plan });
    } catch (e) {
      if (seq === this.planSeq) {
        this.setState({ planning: false, planError: toApiRequestError(e) });
      }
    }
  };

  confirm = () => {
    if (this.state.plan && !this.state.plan.blocked && !this.state.planning) {
      this.setState({ confirming: true, runError: undefined });
    }
  };

  dismissConfirm = () => {
    if (!this.state.running) {
      this.setState({ confirming: false, runError: undefined });
    }
  };

  run = async (reason: string) => {
    const { intent, plan, planning, running } = this.state;
    const key = this.key;
    if (!intent || !plan || plan.blocked || planning || running || key?.intentId !== intent.id) {
      return;
    }
    if (key.reason !== undefined && key.reason !== reason) {
      key.value = newIdempotencyKey();
    }
    key.reason = reason;
    this.setState({ running: true, runError: undefined });
    try {
      const res = await this.api.createJob(intent.body(reason), false, key.value);
      this.key = undefined;
      this.onClose = undefined;
      this.setState({ running: false, confirming: false, intent: undefined, plan: undefined });
      if (res.job) {
        locationService.push(jobUrl(res.job.id));
      }
    } catch (e) {
      this.setState({ running: false, runError: toApiRequestError(e) });
    }
  };
}

function PlanBody({ model }: { model: ActionFlowScene }) {
  const { planning, plan, planError } = model.useState();
  if (planning) {
    return <LoadingPlaceholder text="Planning (dry run)…" data-testid={testIds.runAction.loading} />;
  }
  if (planError) {
    return (
      <div data-testid={testIds.runAction.error}>
        <ApiErrorAlert title="Could not plan this action" error={planError} onRetry={model.plan} />
      </div>
    );
  }
  return plan ? <JobPlanView plan={plan} /> : null;
}

function ActionFlowRenderer({ model }: SceneComponentProps<ActionFlowScene>) {
  const { intent, planning, plan, confirming, running, runError } = model.useState();
  if (!intent) {
    return null;
  }
  const verb = plan?.approvalRequired ? 'Request approval' : (intent.runLabel ?? 'Run');
  return (
    <>
      <Drawer title={intent.title} subtitle="Preflight: nothing has been changed yet" onClose={model.close} size="md">
        <div data-testid={testIds.runAction.drawer} data-action={intent.action} data-intent={intent.id}>
          <Stack direction="column" gap={2}>
            <PlanBody model={model} />
            <Stack direction="row" gap={1}>
              <PermissionButton
                action={intent.permission}
                disabled={planning || !plan || plan.blocked}
                onClick={model.confirm}
                data-testid={testIds.runAction.run}
              >
                {`${verb}…`}
              </PermissionButton>
              <Button variant="secondary" fill="outline" onClick={model.close} data-testid={testIds.runAction.close}>
                Close
              </Button>
            </Stack>
          </Stack>
        </div>
      </Drawer>
      <ReasonModal
        isOpen={confirming}
        title={intent.title}
        description={
          plan
            ? `${plan.steps.length} steps on ${plan.target}${plan.approvalRequired ? '; waits for a second operator' : ''}.`
            : undefined
        }
        confirmText={verb}
        busy={running}
        error={runError ? <ApiErrorDetails error={runError} /> : undefined}
        onSubmit={model.run}
        onDismiss={model.dismissConfirm}
      />
    </>
  );
}
