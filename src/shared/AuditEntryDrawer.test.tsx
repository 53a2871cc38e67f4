import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { auditEntry } from '../test/fixtures';
import { AUDITOR, setPermissions } from '../test/permissions';
import { AuditEntryDrawer, opensEntry } from './AuditEntryDrawer';
import { testIds } from './testIds';

function renderDrawer(entry = auditEntry(), onClose = jest.fn()) {
  render(
    <MemoryRouter>
      <AuditEntryDrawer entry={entry} onClose={onClose} />
    </MemoryRouter>
  );
  return onClose;
}

beforeEach(() => setPermissions(AUDITOR));

describe('AuditEntryDrawer', () => {
  it('shows before → after of every changed field, the reason, request id and chain fields', () => {
    renderDrawer(
      auditEntry({
        seq: 42,
        action: 'tenant.update',
        reason: 'rename for the merger',
        requestId: 'req-77',
        details: {
          version: 4,
          changes: {
            displayName: { from: 'Acme', to: 'Acme Corp' },
            labels: { from: { team: 'payments' }, to: { team: 'search' } },
          },
        },
        hash: 'h42',
        prevHash: 'h41',
      })
    );
    const drawer = screen.getByTestId(testIds.audit.drawer);
    expect(drawer).toHaveAttribute('data-seq', '42');
    const changes = screen.getAllByTestId(testIds.audit.drawerChange);
    expect(changes.map((r) => r.getAttribute('data-field'))).toEqual(['displayName', 'labels.team']);
    expect(within(changes[0]).getByText('Acme')).toBeInTheDocument();
    expect(within(changes[0]).getByText('Acme Corp')).toBeInTheDocument();
    expect(within(changes[1]).getByText('payments')).toBeInTheDocument();
    expect(within(changes[1]).getByText('search')).toBeInTheDocument();
    expect(screen.getByText('rename for the merger')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.audit.drawerRequestId)).toHaveTextContent('req-77');
    expect(screen.getByText('All entries of this request')).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/audit?q=req-77'
    );
    expect(screen.getByText('version')).toBeInTheDocument();
    expect(screen.getByText('h42')).toBeInTheDocument();
    expect(screen.getByText('h41')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.audit.drawerJobLink)).not.toBeInTheDocument();
  });

  it('links the job, the tenant and the filtered audit page; says when no field changed', () => {
    renderDrawer(
      auditEntry({
        action: 'job.start',
        targetType: 'job',
        targetId: 'job-1',
        jobId: 'job-1',
        reason: null,
        details: { type: 'tenant.restart' },
      })
    );
    expect(screen.getByTestId(testIds.audit.drawerJobLink)).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/operations/jobs/job-1'
    );
    expect(screen.getByText('All entries of this job')).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/audit?job=job-1'
    );
    expect(screen.getByText(/changed no field/)).toBeInTheDocument();
    expect(screen.getByText('none given')).toBeInTheDocument();
  });

  it('a tenant target links to the tenant and to its audit trail', () => {
    renderDrawer(auditEntry({ targetId: 'acme', details: { from: 'active', to: 'suspended' } }));
    expect(screen.getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/tenants/acme'
    );
    expect(screen.getByText('All about this tenant')).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/audit?tenant=acme'
    );
    const [change] = screen.getAllByTestId(testIds.audit.drawerChange);
    expect(change).toHaveAttribute('data-field', 'status');
  });

  it('closes', async () => {
    const onClose = renderDrawer();
    await userEvent.click(screen.getByRole('button', { name: /close/i }));
    expect(onClose).toHaveBeenCalled();
  });
});

describe('opensEntry', () => {
  it('a row opens its entry on a click, Enter or Space, and is reachable with Tab', async () => {
    const onOpen = jest.fn();
    render(
      <table>
        <tbody>
          <tr aria-label="Entry 7" {...opensEntry(7, onOpen)}>
            <td>row</td>
          </tr>
        </tbody>
      </table>
    );
    const row = screen.getByRole('row', { name: 'Entry 7' });
    expect(row).toHaveAttribute('data-seq', '7');
    await userEvent.tab();
    expect(row).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    await userEvent.keyboard('a');
    await userEvent.click(row);
    expect(onOpen.mock.calls).toEqual([[7], [7], [7]]);
  });
});
