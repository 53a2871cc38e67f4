import { locationService } from '@grafana/runtime';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Button, Field, Input, Modal, RadioButtonGroup, Stack } from '@grafana/ui';
import React from 'react';
import type { OperationsApi } from '../api/operationsApi';
import { Actions, type JobSource } from '../contract';
import { ActionFlowScene, type ActionIntent } from './ActionFlowScene';
import { PermissionButton } from './PermissionButton';
import { testIds } from './testIds';
import {
  parseRefresh,
  parseRotate,
  parseScale,
  refreshJob,
  restartJob,
  rotateJob,
  scaleJob,
  type DeploymentRef,
  type FieldErrors,
  type RotateDraft,
  type ScaleDraft,
  type SecretFormat,
  type SecretRef,
} from './workloadActions';

type Form =
  | { kind: 'scale'; ref: DeploymentRef; draft: ScaleDraft; errors: FieldErrors }
  | { kind: 'rotate'; ref: SecretRef; draft: RotateDraft; errors: FieldErrors }
  | { kind: 'refresh'; ref: DeploymentRef; draft: RotateDraft; errors: FieldErrors };

/** A small workload action button (restart, scale, rotate a secret, refresh credentials): needs operations:execute. */
/** A deployment's Restart… and Scale… buttons (operations:execute), with their test ids' prefixes and its name. */
export function RestartScaleButtons({
  deployment,
  onRestart,
  onScale,
  testIdPrefixes,
}: {
  deployment: string;
  onRestart: () => void;
  onScale: () => void;
  testIdPrefixes: { restart: string; scale: string };
}) {
  return (
    <>
      <WorkloadButton onClick={onRestart} testId={`${testIdPrefixes.restart}${deployment}`}>
        Restart…
      </WorkloadButton>{' '}
      <WorkloadButton onClick={onScale} testId={`${testIdPrefixes.scale}${deployment}`}>
        Scale…
      </WorkloadButton>
    </>
  );
}

export function WorkloadButton({
  onClick,
  testId,
  children,
}: {
  onClick: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <PermissionButton
      size="sm"
      variant="secondary"
      action={Actions.operationsExecute}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </PermissionButton>
  );
}

export interface WorkloadActionSceneState extends SceneObjectState {
  /** The scale, rotate or refresh form that is open (its values as typed, with the message of each bad field). */
  form?: Form;
  source?: JobSource;
  /** plan → checks → reason → run with one Idempotency-Key → the job page. */
  flow: ActionFlowScene;
}

const FORMATS: Array<{ label: string; value: SecretFormat; description: string }> = [
  { label: 'Random token', value: 'random', description: 'A new random value replaces the key' },
  { label: 'Password in URL', value: 'url-password', description: 'Only the password inside the URL (DSN) changes' },
];

/**
 * Deployment restart and scale, secret rotation and credentials refresh from a page (platform health,
 * tenant page): a
 * small form for what the job needs (validated with the contract, each message naming its field),
 * then the shared action flow.
 */
export class WorkloadActionScene extends SceneObjectBase<WorkloadActionSceneState> {
  static Component = WorkloadActionRenderer;

  constructor(state: Partial<WorkloadActionSceneState> = {}, api?: OperationsApi) {
    super({ ...state, flow: state.flow ?? new ActionFlowScene({}, api) });
  }

  restart = (ref: DeploymentRef) => {
    const target = `deployment ${ref.deployment} (${ref.environment})`;
    this.start({
      id: `restart:${ref.environment}/${ref.deployment}`,
      action: 'restart',
      title: `Restart ${target}`,
      permission: Actions.operationsExecute,
      runLabel: 'Restart',
      body: (reason) => restartJob(ref, reason, this.source()),
    });
  };

  openScale = (ref: DeploymentRef) => {
    this.setState({
      form: {
        kind: 'scale',
        ref,
        draft: { replicas: ref.replicas === undefined ? '' : String(ref.replicas) },
        errors: {},
      },
    });
  };

  openRotate = (ref: SecretRef, secret = '') => {
    this.setState({ form: { kind: 'rotate', ref, draft: { secret, key: 'password', format: 'random' }, errors: {} } });
  };

  /**
   * A credentials refresh of `ref.deployment`: the job deletes and recreates `secret` with a new value,
   * waits for the credentials agent to push it, restarts the deployment and verifies it authenticates.
   */
  openRefresh = (ref: DeploymentRef, secret = '', key = 'password', format: SecretFormat = 'random') => {
    this.setState({ form: { kind: 'refresh', ref, draft: { secret, key, format }, errors: {} } });
  };

  edit = (patch: Partial<ScaleDraft> | Partial<RotateDraft>) => {
    const form = this.state.form;
    if (form) {
      this.setState({ form: { ...form, draft: { ...form.draft, ...patch }, errors: {} } as Form });
    }
  };

  dismiss = () => this.setState({ form: undefined });

  /** Validates the form; a good one closes and opens the plan of its job. */
  submit = () => {
    const form = this.state.form;
    if (!form) {
      return;
    }
    if (form.kind === 'scale') {
      const r = parseScale(form.ref, form.draft);
      if (!r.ok) {
        this.setState({ form: { ...form, errors: r.errors } });
        return;
      }
      const { ref } = form;
      const { replicas } = r.value;
      this.setState({ form: undefined });
      this.start({
        id: `scale:${ref.environment}/${ref.deployment}:${replicas}`,
        action: 'scale',
        title: `Scale deployment ${ref.deployment} (${ref.environment}) to ${replicas} replicas`,
        permission: Actions.operationsExecute,
        runLabel: 'Scale',
        body: (reason) => scaleJob(ref, replicas, reason, this.source()),
      });
      return;
    }
    const r = form.kind === 'refresh' ? parseRefresh(form.ref, form.draft) : parseRotate(form.ref, form.draft);
    if (!r.ok) {
      this.setState({ form: { ...form, errors: r.errors } });
      return;
    }
    this.setState({ form: undefined });
    this.start(form.kind === 'refresh' ? this.refreshIntent(form.ref, r.value) : this.rotateIntent(form.ref, r.value));
  };

  private rotateIntent(ref: SecretRef, draft: RotateDraft): ActionIntent {
    return {
      id: `rotate:${ref.environment}/${draft.secret}:${draft.key}:${draft.format}`,
      action: 'rotate',
      title: `Rotate key ${draft.key} of secret ${draft.secret} (${ref.environment})`,
      permission: Actions.operationsExecute,
      runLabel: 'Rotate',
      body: (reason) => rotateJob(ref, draft, reason, this.source()),
    };
  }

  private refreshIntent(ref: DeploymentRef, draft: RotateDraft): ActionIntent {
    return {
      id: `refresh:${ref.environment}/${ref.deployment}/${draft.secret}:${draft.key}:${draft.format}`,
      action: 'refresh-credentials',
      title: `Refresh credentials in ${draft.secret} (key ${draft.key}) for ${ref.deployment} (${ref.environment})`,
      permission: Actions.operationsExecute,
      runLabel: 'Refresh',
      body: (reason) => refreshJob(ref, draft, reason, this.source()),
    };
  }

  private start(intent: ActionIntent) {
    this.state.flow.open(intent);
  }

  private source(): JobSource {
    return this.state.source ?? { kind: 'page', ref: locationService.getLocation().pathname.slice(0, 500) };
  }
}

function ScaleFields({ model, form }: { model: WorkloadActionScene; form: Extract<Form, { kind: 'scale' }> }) {
  const { ref, draft, errors } = form;
  const range =
    ref.minReplicas !== undefined && ref.maxReplicas !== undefined
      ? `Allowed ${ref.minReplicas}–${ref.maxReplicas}`
      : 'The preflight checks the allowed range and the pod quota';
  const now = ref.replicas !== undefined ? `; now ${ref.replicas}` : '';
  return (
    <Field label="Replicas" description={`${range}${now}.`} invalid={Boolean(errors.replicas)} error={errors.replicas}>
      <Input
        type="number"
        value={draft.replicas}
        min={ref.minReplicas ?? 0}
        max={ref.maxReplicas}
        width={12}
        autoFocus
        onChange={(e) => model.edit({ replicas: e.currentTarget.value })}
        data-testid={testIds.workloadAction.replicas}
      />
    </Field>
  );
}

function SecretFields({
  model,
  form,
}: {
  model: WorkloadActionScene;
  form: Extract<Form, { kind: 'rotate' | 'refresh' }>;
}) {
  const { draft, errors } = form;
  return (
    <>
      <Field
        label="Secret"
        description={`A Secret in the ${form.ref.environment} platform namespace`}
        invalid={Boolean(errors.secret)}
        error={errors.secret}
      >
        <Input
          value={draft.secret}
          autoFocus
          placeholder="tenant-acme-001-db"
          onChange={(e) => model.edit({ secret: e.currentTarget.value })}
          data-testid={testIds.workloadAction.secret}
        />
      </Field>
      <Field
        label="Key"
        description="The key inside the secret's data"
        invalid={Boolean(errors.key)}
        error={errors.key}
      >
        <Input
          value={draft.key}
          width={24}
          onChange={(e) => model.edit({ key: e.currentTarget.value })}
          data-testid={testIds.workloadAction.key}
        />
      </Field>
      <Field
        label="New value"
        description="Generated by the sidecar and written straight to Kubernetes; it is never shown"
        invalid={Boolean(errors.format)}
        error={errors.format}
      >
        <RadioButtonGroup
          options={FORMATS}
          value={draft.format}
          onChange={(format) => model.edit({ format })}
          data-testid={testIds.workloadAction.format}
        />
      </Field>
    </>
  );
}

function WorkloadActionRenderer({ model }: SceneComponentProps<WorkloadActionScene>) {
  const { form, flow } = model.useState();
  const title =
    form?.kind === 'scale'
      ? `Scale deployment ${form.ref.deployment} (${form.ref.environment})`
      : form?.kind === 'refresh'
        ? `Refresh credentials for ${form.ref.deployment} (${form.ref.environment})`
        : `Rotate a secret (${form?.ref.environment ?? ''})`;
  return (
    <>
      {form && (
        <Modal title={title} isOpen onDismiss={model.dismiss}>
          <form
            data-testid={testIds.workloadAction.form}
            data-kind={form.kind}
            // The fields are checked here, with a message naming each one, not by the browser.
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              model.submit();
            }}
          >
            {form.kind === 'scale' ? (
              <ScaleFields model={model} form={form} />
            ) : (
              <SecretFields model={model} form={form} />
            )}
            <Modal.ButtonRow>
              <Stack direction="row" gap={1}>
                <Button variant="secondary" fill="outline" type="button" onClick={model.dismiss}>
                  Cancel
                </Button>
                <Button type="submit" data-testid={testIds.workloadAction.plan}>
                  Plan…
                </Button>
              </Stack>
            </Modal.ButtonRow>
          </form>
        </Modal>
      )}
      <flow.Component model={flow} />
    </>
  );
}
