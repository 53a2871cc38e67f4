import { render, screen } from '@testing-library/react';
import React from 'react';
import { passingChecks } from '../../test/isolationFixtures';
import { IsolationChecksTable } from './TenantIsolationTables';

const LONG_NAME = 'appdb_f74acbb2de8747eaa79b802116dda104_b4daee51.tenant_acme_001';

describe('IsolationChecksTable', () => {
  it('lets long code values wrap inside their cell instead of spilling into the next column', () => {
    const [first, ...rest] = passingChecks();
    render(<IsolationChecksTable checks={[{ ...first, expected: LONG_NAME, observed: LONG_NAME }, ...rest]} />);
    const table = screen.getByRole('table', { name: 'Isolation checks' });
    // Columns keep the widths the table gives them, whatever their content.
    expect(getComputedStyle(table).tableLayout).toBe('fixed');
    const [expected, observed] = screen.getAllByText(LONG_NAME);
    for (const code of [expected, observed]) {
      expect(code.tagName).toBe('CODE');
      const style = getComputedStyle(code);
      // Grafana's global `code { white-space: nowrap }` would keep it on one line.
      expect(style.whiteSpace).toBe('normal');
      expect(style.overflowWrap).toBe('anywhere');
      expect(getComputedStyle(code.closest('td')!).overflowWrap).toBe('anywhere');
    }
  });
});
