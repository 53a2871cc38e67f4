import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Button, Field, Input, Select, Stack, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { placementApi, type PlacementApi } from '../../api/placementApi';
import { toApiRequestError } from '../../api/toApiRequestError';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { Actions, SERVICE_KINDS, type CreateJob, type RebalancePlan, type ServiceKind } from '../../contract';
import type { OperationsApi } from '../../api/operationsApi';
import { ActionFlowScene, type ActionIntent } from '../../shared/ActionFlowScene';
import { PermissionButton } from '../../shared/PermissionButton';
import { oneOf, optionalValue } from '../../shared/urlState';
import { dataTableStyle } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';
import type { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';
import { planLoadPanel } from './planLoad';

export interface RebalanceSceneState extends SceneObjectState {
  /**
   * Utilization target in percent (URL `target`), as entered: it may be out of range (then the
   * field says so and nothing is sent) or NaN (not a number), see `targetError`.
   */
  target: number;
  kind?: ServiceKind;
  busy: boolean;
  plan?: RebalancePlan;
  error?: ApiRequestError;
  /** Apply: the shared plan → reason → run flow for one rebalance.apply job. */
  flow: ActionFlowScene;
  /** Current vs planned load per shard of the previewed plan. */
  loadChart?: ObservedPanelScene;
}

const MOVES_SHOWN = 200;

/** The target range in percent: the contract's 0.01–1.5 (a fraction of capacity) as the page shows it. */
export const TARGET_MIN = 1;
export const TARGET_MAX = 150;

/** Why `target` (percent) cannot be previewed or applied, or undefined when it can. */
export function targetError(target: number): string | undefined {
  return Number.isFinite(target) && target >= TARGET_MIN && target <= TARGET_MAX
    ? undefined
    : `Target utilization must be between ${TARGET_MIN} and ${TARGET_MAX} %`;
}

/**
 * Rebalance: choose a target (and optionally a kind), preview the plan — every move and each
 * shard's load before/after — then apply it as one batch job through the shared action flow.
 */
export class RebalanceScene extends SceneObjectBase<RebalanceSceneState> {
  static Component = RebalanceRenderer;
  protected override _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['target', 'kind'] });

  constructor(
    state: Partial<RebalanceSceneState> = {},
    private readonly api: PlacementApi = placementApi,
    ops?: OperationsApi
  ) {
    super({ target: 80, busy: false, ...state, flow: state.flow ?? new ActionFlowScene({}, ops) });
  }

  getUrlState(): SceneObjectUrlValues {
    const { target, kind } = this.state;
    return { target: Number.isFinite(target) ? String(target) : null, kind: kind ?? null };
  }

  /** A target from the URL is kept as given, even out of range: the field then says what to change. */
  updateFromUrl(values: SceneObjectUrlValues) {
    const raw = optionalValue(values.target);
    const target = raw === undefined ? this.state.target : Number(raw);
    const kind = oneOf(values.kind, SERVICE_KINDS);
    if (!Object.is(target, this.state.target) || kind !== this.state.kind) {
      this.setState({ target, kind, plan: undefined, error: undefined });
    }
  }

  setTarget = (target: number) =>
    this._urlSync.performBrowserHistoryAction(() => this.setState({ target, plan: undefined, error: undefined }));
  setKind = (kind?: ServiceKind) =>
    this._urlSync.performBrowserHistoryAction(() => this.setState({ kind, plan: undefined, error: undefined }));

  /** Opens the plan of applying the rebalance (the job recomputes it at start and records the moves). */
  apply = () => {
    if (targetError(this.state.target)) return;
    this.state.flow.open(rebalanceIntent(this.state.target, this.state.kind));
  };

  /** Asks the sidecar for the plan; an out-of-range target is refused here (the field says why). */
  preview = async () => {
    if (targetError(this.state.target)) return;
    this.setState({ busy: true, error: undefined });
    try {
      const plan = await this.api.previewRebalance({ target: this.state.target / 100, kind: this.state.kind });
      this.setState({ plan, busy: false, loadChart: planLoadPanel(plan) });
    } catch (e) {
      this.setState({ busy: false, error: toApiRequestError(e) });
    }
  };
}

/** Rebalancing to a target utilization (percent), optionally of one kind, as an intent of the shared action flow. */
function rebalanceIntent(targetPercent: number, kind?: ServiceKind): ActionIntent {
  return {
    id: `rebalance.apply:${targetPercent}:${kind ?? 'all'}`,
    action: 'rebalance',
    title: `Rebalance ${kind ?? 'all kinds'} to ${targetPercent} %`,
    permission: Actions.placementWrite,
    runLabel: 'Apply',
    body: (reason) =>
      ({
        type: 'rebalance.apply',
        params: { target: targetPercent / 100, kind },
        reason,
        source: { kind: 'page', ref: 'placement/rebalance' },
      }) as CreateJob,
  };
}

const pct = (u: number | null) => (u === null ? '—' : `${Math.round(u * 100)} %`);

function RebalanceRenderer({ model }: SceneComponentProps<RebalanceScene>) {
  const styles = useStyles2(getStyles);
  const { target, kind, busy, plan, error, flow, loadChart } = model.useState();
  const invalidTarget = targetError(target);
  const kindOptions = [{ label: 'All kinds', value: '' }, ...SERVICE_KINDS.map((k) => ({ label: k, value: k }))];
  return (
    <div className={styles.page} data-testid={testIds.placement.rebalance}>
      <Stack direction="row" gap={2} alignItems="flex-end">
        <Field label="Target utilization (%)" invalid={Boolean(invalidTarget)} error={invalidTarget}>
          <Input
            type="number"
            min={TARGET_MIN}
            max={TARGET_MAX}
            value={Number.isFinite(target) ? target : ''}
            onChange={(e) => {
              const text = e.currentTarget.value.trim();
              model.setTarget(text === '' ? NaN : Number(text));
            }}
            aria-label="Target utilization"
            aria-invalid={Boolean(invalidTarget)}
            width={12}
          />
        </Field>
        <Field label="Service kind">
          <Select
            options={kindOptions}
            value={kind ?? ''}
            onChange={(o) => model.setKind((o.value || undefined) as ServiceKind | undefined)}
            width={20}
            aria-label="Service kind"
          />
        </Field>
        <Button
          onClick={model.preview}
          disabled={busy || Boolean(invalidTarget)}
          data-testid={testIds.placement.rebalancePreview}
        >
          Preview
        </Button>
      </Stack>
      {error && <ApiErrorAlert title="Could not compute the plan" error={error} onRetry={model.preview} />}
      {plan && (
        <>
          <Alert
            severity={plan.feasible ? 'success' : 'warning'}
            title={
              plan.feasible
                ? `${plan.moves.length} move(s) bring every shard under ${pct(plan.target)}`
                : `Not every shard can get under ${pct(plan.target)}`
            }
            data-testid={testIds.placement.rebalanceSummary}
          >
            {plan.moves.length} move(s), lower bound {plan.lowerBound}.
            {plan.unresolved.length > 0 && ` Still over target: ${plan.unresolved.join(', ')}.`}
            {plan.truncated && ' The move limit stopped the plan early.'}
          </Alert>
          <Stack direction="row" gap={1}>
            <PermissionButton
              action={Actions.placementWrite}
              disabled={busy || plan.moves.length === 0 || Boolean(invalidTarget)}
              onClick={model.apply}
              data-testid={testIds.placement.rebalanceApply}
            >
              Apply {plan.moves.length} move(s)…
            </PermissionButton>
          </Stack>
          {loadChart && (
            <div className={styles.chart} data-testid={testIds.panels.rebalanceLoad}>
              <loadChart.Component model={loadChart} />
            </div>
          )}
          <h4>Shards</h4>
          <table className={styles.table} data-testid={testIds.placement.rebalanceShards}>
            <thead>
              <tr>
                <th>Shard</th>
                <th>Kind</th>
                <th>Status</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {plan.shards.map((s) => (
                <tr key={s.shardId}>
                  <td>{s.shardId}</td>
                  <td>{s.kind}</td>
                  <td>{s.status}</td>
                  <td>{pct(s.utilizationBefore)}</td>
                  <td>{pct(s.utilizationAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Moves</h4>
          <table className={styles.table} data-testid={testIds.placement.rebalanceMoves}>
            <thead>
              <tr>
                <th>Tenant</th>
                <th>Kind</th>
                <th>From</th>
                <th>To</th>
                <th>Load (rps)</th>
              </tr>
            </thead>
            <tbody>
              {plan.moves.slice(0, MOVES_SHOWN).map((m) => (
                <tr key={`${m.tenantId}/${m.kind}`} data-testid={testIds.placement.rebalanceMove}>
                  <td>{m.tenantId}</td>
                  <td>{m.kind}</td>
                  <td>{m.from}</td>
                  <td>{m.to}</td>
                  <td>{m.load.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.moves.length > MOVES_SHOWN && <p>…and {plan.moves.length - MOVES_SHOWN} more.</p>}
        </>
      )}
      <flow.Component model={flow} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  table: css(dataTableStyle(theme)),
  chart: css({ height: 280 }),
});
