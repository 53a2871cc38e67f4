import { SceneDataNode } from '@grafana/scenes';
import { planLoadFrame, planLoadPanel, PLAN_CHART_SHARDS } from './planLoad';

const shard = (shardId: string, before: number, after: number, status = 'ready' as const) => ({
  shardId,
  kind: 'gateway' as const,
  status,
  capacity: 100,
  before,
  after,
  utilizationBefore: before / 100,
  utilizationAfter: after / 100,
});

const column = (name: string, f: ReturnType<typeof planLoadFrame>) => f.fields.find((x) => x.name === name)?.values;

describe('current vs planned load per shard', () => {
  it('shows the shards the plan changes, busiest first, with their state when not ready', () => {
    const frame = planLoadFrame({
      shards: [shard('g-1', 50, 50), shard('g-2', 120, 80), { ...shard('g-3', 10, 50), status: 'cordoned' as never }],
    });
    expect(column('Shard', frame)).toEqual(['g-2', 'g-3 (cordoned)']);
    expect(column('Current', frame)).toEqual([120, 10]);
    expect(column('Planned', frame)).toEqual([80, 50]);
    expect(column('Capacity', frame)).toEqual([100, 100]);
  });

  it('shows every shard when the plan moves nothing, and at most the chart’s limit', () => {
    expect(column('Shard', planLoadFrame({ shards: [shard('a', 1, 1), shard('b', 2, 2)] }))).toEqual(['b', 'a']);
    const many = Array.from({ length: PLAN_CHART_SHARDS + 5 }, (_, i) => shard(`s-${i}`, i, 0));
    expect(planLoadFrame({ shards: many }).length).toBe(PLAN_CHART_SHARDS);
  });

  it('is a bar chart over the plan, no data request', () => {
    const panel = planLoadPanel({ shards: [shard('g-2', 120, 80)] });
    expect(panel.state.panel.state.pluginId).toBe('barchart');
    expect(panel.state.$data).toBeInstanceOf(SceneDataNode);
  });
});
