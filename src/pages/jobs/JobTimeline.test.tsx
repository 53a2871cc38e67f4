import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { testIds } from '../../shared/testIds';
import { auditEntry } from '../../test/fixtures';
import { jobDetail } from '../../test/operationsFixtures';
import { JobAuditTrail, JobTimeline } from './JobTimeline';

const STARTED = '2026-11-23T10:00:02.000Z';
const shards = ['gateway-prod-0', 'aggregate-prod-0', 'projection-prod-1', 'runner-prod-0'].map((shard) => ({
  shard,
  draining: true,
  inFlight: shard.startsWith('aggregate') ? 1 : 0,
  sent: true,
}));

afterEach(() => jest.useRealTimers());

describe('JobTimeline', () => {
  it('shows short output on one wrapping line, never wider than the page', () => {
    render(<JobTimeline job={jobDetail()} />);
    const output = within(screen.getAllByTestId(testIds.job.step)[0]).getByLabelText('Observed');
    expect(output.tagName).toBe('PRE');
    expect(output).toHaveTextContent('{"status":"draining"}');
    expect(output).toHaveStyle({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', overflow: 'auto' });
  });

  it('keeps long output behind “Show output”, then pretty-prints it in a bounded, scrolling block', async () => {
    const job = jobDetail();
    job.steps[0] = { ...job.steps[0]!, name: 'drain-shards', observed: { shards } };
    render(<JobTimeline job={job} />);
    const step = screen.getAllByTestId(testIds.job.step)[0]!;
    expect(within(step).queryByLabelText('Observed')).not.toBeInTheDocument();
    const toggle = within(step).getByRole('button', { name: 'Show output' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const output = within(step).getByLabelText('Observed');
    expect(output.textContent).toBe(JSON.stringify({ shards }, null, 2));
    expect(output).toHaveStyle({
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      maxHeight: '240px',
      overflow: 'auto',
    });
    await userEvent.click(within(step).getByRole('button', { name: 'Hide output' }));
    expect(within(step).queryByLabelText('Observed')).not.toBeInTheDocument();
  });

  it('shows a running wait’s elapsed time of its time-box, with a bar of the time-box used', () => {
    jest.useFakeTimers({ now: Date.parse(STARTED) + 13_300 });
    const job = jobDetail({ params: { tenantId: 'acme', drainTimeoutSeconds: 120 } });
    job.steps[1] = { ...job.steps[1]!, name: 'wait-in-flight', startedAt: STARTED };
    render(<JobTimeline job={job} />);
    const step = screen.getAllByTestId(testIds.job.step)[1]!;
    expect(step).toHaveTextContent('running · ');
    expect(step).toHaveTextContent('· 13 s of 120 s');
    const bar = within(step).getByRole('progressbar', { name: 'Time-box used' });
    expect(bar).toHaveAttribute('aria-valuenow', '13');
    expect(bar).toHaveAttribute('aria-valuemax', '120');
    // The elapsed time moves between polls.
    act(() => {
      jest.advanceTimersByTime(2000);
    });
    expect(step).toHaveTextContent('· 15 s of 120 s');
  });

  it('shows only the elapsed time of a running step without a time-box', () => {
    jest.useFakeTimers({ now: Date.parse(STARTED) + 13_300 });
    render(<JobTimeline job={jobDetail()} />);
    const step = screen.getAllByTestId(testIds.job.step)[1]!;
    expect(step).toHaveTextContent('· 13.3 s');
    expect(within(step).queryByRole('progressbar')).not.toBeInTheDocument();
  });
});

describe('JobAuditTrail', () => {
  it('scrolls the table in its own box so a long reason cannot widen the page', () => {
    render(<JobAuditTrail entries={[auditEntry({ seq: 1, action: 'job.create', reason: 'x'.repeat(400) })]} />);
    const scroller = screen.getByTestId(testIds.job.audit).parentElement!;
    expect(scroller).toHaveStyle({ overflowX: 'auto', maxWidth: '100%' });
  });
});
