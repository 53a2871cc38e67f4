import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { ApiErrorAlert } from './ApiErrorAlert';
import { testIds } from './testIds';

describe('ApiErrorAlert', () => {
  it('shows the message, the allowed states and the request id, and retries', async () => {
    const onRetry = jest.fn();
    const error = new ApiRequestError({
      status: 409,
      code: 'illegal_transition',
      message: 'Cannot move from suspended to draining',
      requestId: 'req-42',
      details: { allowed: ['active', 'archived'] },
    });
    render(<ApiErrorAlert title="Could not change status" error={error} onRetry={onRetry} />);
    expect(screen.getByText('Cannot move from suspended to draining')).toBeInTheDocument();
    expect(screen.getByText(/Allowed next states: active, archived/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.apiError.requestId)).toHaveTextContent('req-42');
    await userEvent.click(screen.getByRole('button', { name: /retry/i }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('omits the request id line when there is none', () => {
    render(
      <ApiErrorAlert
        title="Failed"
        error={new ApiRequestError({ status: 0, code: 'network_error', message: 'offline' })}
      />
    );
    expect(screen.queryByTestId(testIds.apiError.requestId)).not.toBeInTheDocument();
  });
});
