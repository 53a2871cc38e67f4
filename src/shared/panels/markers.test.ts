import { DataTopic, LoadingState, type PanelData } from '@grafana/data';
import { SceneDataLayerSet, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { jobDetail } from '../../test/operationsFixtures';
import { jobMarkers, jobMarkersLayer, MarkersLayer, markersFrame } from './markers';

describe('jobMarkers', () => {
  it('marks the start, each started step (a region once finished) and the end', () => {
    const job = jobDetail({ status: 'succeeded', finishedAt: '2026-11-23T10:00:05.000Z' });
    expect(jobMarkers(job)).toEqual([
      { time: Date.parse('2026-11-23T10:00:01.000Z'), title: 'tenant.drain started', color: 'blue', tags: ['start'] },
      {
        time: Date.parse('2026-11-23T10:00:01.000Z'),
        timeEnd: Date.parse('2026-11-23T10:00:02.000Z'),
        title: 'Step 1: Mark tenant draining',
        text: 'succeeded',
        color: 'purple',
        tags: ['step', 'mark'],
      },
      {
        time: Date.parse('2026-11-23T10:00:02.000Z'),
        title: 'Step 2: Wait for in-flight work',
        text: 'running',
        color: 'purple',
        tags: ['step', 'wait'],
      },
      { time: Date.parse('2026-11-23T10:00:05.000Z'), title: 'tenant.drain succeeded', color: 'green', tags: ['end'] },
    ]);
  });

  it('has no end marker while running and no step marker for steps not started', () => {
    const job = jobDetail();
    job.steps[1]!.startedAt = null;
    const markers = jobMarkers(job);
    expect(markers.map((m) => m.tags?.[0])).toEqual(['start', 'step']);
  });

  it('a failed job ends in red', () => {
    const job = jobDetail({ status: 'failed', finishedAt: '2026-11-23T10:00:05.000Z' });
    expect(jobMarkers(job).at(-1)).toMatchObject({ title: 'tenant.drain failed', color: 'red' });
  });
});

describe('markers as annotations', () => {
  it('is an annotation frame with Grafana’s event fields', () => {
    const frame = markersFrame([{ time: 1000, timeEnd: 2000, title: 'a', color: 'red' }]);
    expect(frame.meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'timeEnd', 'isRegion', 'title', 'text', 'color', 'tags']);
    expect(frame.fields.find((f) => f.name === 'isRegion')?.values).toEqual([true]);
  });

  it('the layer publishes its markers and republishes them when they change', () => {
    const layer = new MarkersLayer({ markers: [{ time: 1, title: 'start', color: 'blue' }] });
    const root = new SceneFlexLayout({
      $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
      $data: new SceneDataLayerSet({ layers: [layer] }),
      children: [],
    });
    const seen: PanelData[] = [];
    const sub = layer.getResultsStream().subscribe((r) => seen.push(r.data));
    const deactivate = root.activate();
    const deactivateLayer = layer.activate();
    layer.setState({
      markers: [
        { time: 1, title: 'start', color: 'blue' },
        { time: 2, title: 'end', color: 'green' },
      ],
    });
    expect(seen.at(-1)?.state).toBe(LoadingState.Done);
    expect(seen.at(-1)?.series[0]?.fields[3]?.values).toEqual(['start', 'end']);
    layer.setState({ isEnabled: false });
    expect(seen.at(-1)?.series).toEqual([]);
    layer.setState({ isEnabled: true });
    expect(seen.at(-1)?.series[0]?.length).toBe(2);
    sub.unsubscribe();
    deactivateLayer();
    deactivate();
  });

  it('a tenant’s job markers come from the Switchyard data source’s jobAnnotations query', () => {
    const layer = jobMarkersLayer({ tenant: 'acme' });
    expect(layer.state.query.datasource).toEqual({
      type: 'switchyard-controlplane-datasource',
      uid: 'switchyard-controlplane',
    });
    expect(layer.state.query.target).toEqual({ refId: 'jobs', queryType: 'jobAnnotations', tenant: 'acme' });
  });
});
