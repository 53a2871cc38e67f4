import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type PanelData } from '@grafana/data';
import { PanelBuilders, SceneDataNode } from '@grafana/scenes';
import { render, screen } from '@testing-library/react';
import React from 'react';
import { of } from 'rxjs';
import { filterRefIds } from './filterRefIds';
import { ObservedPanelScene, panelView } from './ObservedPanelScene';

const frame = (refId: string, values: number[]) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      { name: 'Value', type: FieldType.number, values },
    ],
  });

const data = (patch: Partial<PanelData>): PanelData => ({
  state: LoadingState.Done,
  series: [],
  timeRange: getDefaultTimeRange(),
  ...patch,
});

describe('panelView', () => {
  it('is loading before the first result', () => {
    expect(panelView(undefined).kind).toBe('loading');
    expect(panelView(data({ state: LoadingState.Loading })).kind).toBe('loading');
  });

  it('is empty when the queries return no values', () => {
    expect(panelView(data({ series: [] })).kind).toBe('empty');
    expect(panelView(data({ series: [frame('rate', [])] })).kind).toBe('empty');
  });

  it('shows data when a series has values', () => {
    expect(panelView(data({ series: [frame('rate', [1, 2])] })).kind).toBe('data');
  });

  it('shows only its own refIds’ errors from a shared runner', () => {
    const d = data({ state: LoadingState.Error, errors: [{ refId: 'saturation', message: 'bad quota' }] });
    expect(panelView(d, ['rate']).kind).toBe('empty');
    expect(panelView(d, ['saturation'])).toEqual({ kind: 'error', message: 'bad quota' });
    expect(panelView(data({ state: LoadingState.Error, error: { message: 'unreachable' } }), ['rate'])).toEqual({
      kind: 'error',
      message: 'unreachable',
    });
  });
});

describe('filterRefIds', () => {
  it('keeps the frames of the given refIds', (done) => {
    const op = filterRefIds(['p95', 'p99'])({ interpolate: (s: string) => s });
    op(of([frame('rate', [1]), frame('p95', [2]), frame('p99', [3])])).subscribe((frames) => {
      expect(frames.map((f) => f.refId)).toEqual(['p95', 'p99']);
      done();
    });
  });
});

describe('ObservedPanelScene', () => {
  const scene = (d: PanelData, sourceName = 'Loki') =>
    new ObservedPanelScene({
      $data: new SceneDataNode({ data: d }),
      panel: PanelBuilders.logs().setTitle('Logs').build(),
      sourceName,
      emptyText: 'No log lines in this range',
    });

  it('names the data source in a clear error instead of the panel', () => {
    const s = scene(
      data({ state: LoadingState.Error, errors: [{ message: 'Datasource switchyard-loki was not found' }] })
    );
    render(<s.Component model={s} />);
    expect(screen.getByText('Loki is not configured or unreachable')).toBeInTheDocument();
    expect(screen.getByText('Datasource switchyard-loki was not found')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Logs' })).toBeInTheDocument();
  });

  it('shows the empty text when nothing came back', () => {
    const s = scene(data({ series: [] }), 'VictoriaMetrics');
    render(<s.Component model={s} />);
    expect(screen.getByText('No log lines in this range')).toBeInTheDocument();
    expect(screen.getByTestId('observed-panel').getAttribute('data-view')).toBe('empty');
  });
});
