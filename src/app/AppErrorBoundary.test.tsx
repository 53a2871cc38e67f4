import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { testIds } from '../shared/testIds';
import { AppErrorBoundary } from './AppErrorBoundary';

let shouldThrow = true;
function Flaky() {
  const [n] = useState(0);
  if (shouldThrow) {
    throw new Error(`secret internals at line ${n}`);
  }
  return <p>recovered</p>;
}

describe('AppErrorBoundary', () => {
  it('shows a friendly message without the error text, and can retry', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <AppErrorBoundary>
        <Flaky />
      </AppErrorBoundary>
    );
    const box = screen.getByTestId(testIds.app.errorBoundary);
    expect(box).toHaveTextContent('Switchyard hit an unexpected problem');
    expect(box).not.toHaveTextContent('secret internals');
    shouldThrow = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('recovered')).toBeInTheDocument();
  });
});
