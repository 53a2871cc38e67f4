import { render, screen } from '@testing-library/react';
import React from 'react';
import { plan } from '../test/operationsFixtures';
import { JobPlanView } from './JobPlanView';
import { testIds } from './testIds';

describe('JobPlanView', () => {
  it('keeps the numbers of the steps and the bullets of the changes inside the list’s own padding', () => {
    render(<JobPlanView plan={plan()} />);
    const steps = screen.getByTestId(testIds.runAction.steps);
    const diff = screen.getByTestId(testIds.runAction.diff);
    expect(steps).toHaveStyle({ paddingLeft: '24px', listStylePosition: 'outside', listStyleType: 'decimal' });
    expect(diff).toHaveStyle({ paddingLeft: '24px', listStylePosition: 'outside', listStyleType: 'disc' });
    expect(steps).toHaveTextContent('Mark tenant draining (cancel undoes: mark active again)');
    expect(diff).toHaveTextContent('status: active → draining');
  });
});
