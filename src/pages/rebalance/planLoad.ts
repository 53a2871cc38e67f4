/**
 * The rebalance preview's "current vs planned load per shard" chart: the shards a plan changes
 * (or, when it changes none, the busiest), as one frame a bar chart draws.
 */
import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type DataFrame } from '@grafana/data';
import { PanelBuilders, SceneDataNode } from '@grafana/scenes';
import type { RebalancePlan } from '../../contract';
import { ObservedPanelScene } from '../../shared/panels/ObservedPanelScene';

/** Bars shown at most (busiest first). */
export const PLAN_CHART_SHARDS = 40;

export function planLoadFrame(plan: Pick<RebalancePlan, 'shards'>): DataFrame {
  const changed = plan.shards.filter((s) => s.before !== s.after);
  const shown = (changed.length > 0 ? changed : plan.shards)
    .slice()
    .sort((a, b) => b.before - a.before || a.shardId.localeCompare(b.shardId))
    .slice(0, PLAN_CHART_SHARDS);
  const label = (s: (typeof shown)[number]) => (s.status === 'ready' ? s.shardId : `${s.shardId} (${s.status})`);
  return toDataFrame({
    refId: 'plan',
    name: 'Load per shard',
    fields: [
      { name: 'Shard', type: FieldType.string, values: shown.map(label) },
      { name: 'Current', type: FieldType.number, values: shown.map((s) => s.before) },
      { name: 'Planned', type: FieldType.number, values: shown.map((s) => s.after) },
      { name: 'Capacity', type: FieldType.number, values: shown.map((s) => s.capacity) },
    ],
  });
}

/** A bar chart of current vs planned load (and capacity) of the plan's shards. */
export function planLoadPanel(plan: Pick<RebalancePlan, 'shards'>): ObservedPanelScene {
  return new ObservedPanelScene({
    $data: new SceneDataNode({
      data: { state: LoadingState.Done, series: [planLoadFrame(plan)], timeRange: getDefaultTimeRange() },
    }),
    panel: PanelBuilders.barchart()
      .setTitle('Current vs planned load per shard')
      .setUnit('ops')
      .setOption('xField', 'Shard')
      .build(),
    sourceName: 'The rebalance preview',
    emptyText: 'No shards in this plan',
  });
}
