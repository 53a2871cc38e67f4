import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ReasonModal } from './ReasonModal';
import { testIds } from './testIds';

function setup(props: Partial<React.ComponentProps<typeof ReasonModal>> = {}) {
  const onSubmit = jest.fn();
  const onDismiss = jest.fn();
  render(
    <ReasonModal
      isOpen
      title="Change status to Suspended"
      confirmText="Change status"
      onSubmit={onSubmit}
      onDismiss={onDismiss}
      {...props}
    />
  );
  return { onSubmit, onDismiss, user: userEvent.setup() };
}

describe('ReasonModal', () => {
  it('is a dialog whose reason field has focus', () => {
    setup();
    expect(screen.getByRole('dialog', { name: 'Change status to Suspended' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /reason/i })).toHaveFocus();
  });

  it('refuses a reason shorter than 3 characters and says why', async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'ab');
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Give a reason of at least 3 characters')).toBeInTheDocument();
  });

  it('does not count surrounding spaces', async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /reason/i }), '  a  {Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits the trimmed reason with Enter', async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByRole('textbox', { name: /reason/i }), ' noisy neighbour {Enter}');
    expect(onSubmit).toHaveBeenCalledWith('noisy neighbour');
  });

  it('adds a new line with Shift+Enter instead of submitting', async () => {
    const { onSubmit, user } = setup();
    const box = screen.getByRole('textbox', { name: /reason/i });
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(box).toHaveValue('line one\nline two');
  });

  it('cancels with Escape and with the Cancel button', async () => {
    const { onDismiss, user } = setup();
    await user.keyboard('{Escape}');
    expect(onDismiss).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId(testIds.reasonModal.cancel));
    expect(onDismiss).toHaveBeenCalledTimes(2);
  });

  it('locks submission while busy and shows the last error', async () => {
    const { onSubmit, user } = setup({ busy: true, error: 'Tenant is archived' });
    expect(screen.getByTestId(testIds.reasonModal.submit)).toBeDisabled();
    expect(screen.getByTestId(testIds.reasonModal.error)).toHaveTextContent('Tenant is archived');
    await user.keyboard('{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('renders nothing when closed', () => {
    setup({ isOpen: false });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
