import { render, screen } from '@testing-library/react';
import React from 'react';
import { TENANT_STATUSES } from '../contract';
import { StatusBadge } from './StatusBadge';
import { testIds } from './testIds';

describe('StatusBadge', () => {
  it.each(TENANT_STATUSES)('names the %s status in text and accessible label', (status) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByTestId(testIds.statusBadge);
    expect(badge).toHaveAttribute('data-status', status);
    expect(badge).toHaveAccessibleName(new RegExp(`status: ${status}`, 'i'));
    expect(badge).toHaveTextContent(new RegExp(status, 'i'));
  });

  it('tells states apart by colour as well as text', () => {
    const { rerender } = render(<StatusBadge status="active" />);
    const activeClass = screen.getByTestId(testIds.statusBadge).className;
    rerender(<StatusBadge status="suspended" />);
    expect(screen.getByTestId(testIds.statusBadge).className).not.toBe(activeClass);
  });
});
