import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type PanelData } from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { render, screen } from '@testing-library/react';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { UptimeScene } from './UptimeScene';

const frame = (refId: string, service: string, value: number) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [1000] },
      { name: 'Value', type: FieldType.number, values: [value], labels: { service } },
    ],
  });

/** Uptime under a page whose shared runner answered with `patch` (its data is the page's, not its own). */
function mount(patch: Partial<PanelData>) {
  const uptime = UptimeScene.create();
  new SceneFlexLayout({
    $data: new SceneDataNode({
      data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...patch },
    }),
    children: [new SceneFlexItem({ body: uptime })],
  });
  render(<uptime.Component model={uptime} />);
}

describe('UptimeScene over the Overview’s shared runner', () => {
  it('shows only the uptime query’s series, not the traffic graphs’', () => {
    mount({ series: [frame('rate', 'gateway', 12), frame('uptime', 'gateway', 99.95), frame('uptime', 'runner', 98)] });
    const rows = screen.getAllByTestId(testIds.overview.uptimeRow);
    expect(rows.map((r) => [r.getAttribute('data-service'), r.getAttribute('data-percent')])).toEqual([
      ['runner', '98.00'],
      ['gateway', '99.95'],
    ]);
  });

  it('a failed traffic query leaves uptime alone; its own failure reads as unavailable metrics', () => {
    mount({
      state: LoadingState.Error,
      series: [frame('uptime', 'gateway', 100)],
      errors: [{ refId: 'rate', message: 'bad rate' }],
    });
    expect(screen.getAllByTestId(testIds.overview.uptimeRow)).toHaveLength(1);
    expect(screen.queryByText(/Metrics are unavailable/)).not.toBeInTheDocument();
  });

  it('names the error of its own query', () => {
    mount({ state: LoadingState.Error, errors: [{ refId: 'uptime', message: 'VictoriaMetrics unreachable' }] });
    expect(screen.getByText('Metrics are unavailable: VictoriaMetrics unreachable')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.overview.uptimeRow)).not.toBeInTheDocument();
  });

  it('is empty when the range has no uptime series (traffic alone came back)', () => {
    mount({ series: [frame('rate', 'gateway', 12)] });
    expect(screen.getByText('No uptime data for this range.')).toBeInTheDocument();
  });

  it('shows it is loading until the runner answers', () => {
    mount({ state: LoadingState.Loading });
    expect(screen.getByText('Loading uptime…')).toBeInTheDocument();
  });
});
