import { render, screen } from '@testing-library/react';
import React, { Component, type ReactNode } from 'react';
import { deferred } from '../test/fakeApi';
import { chunkComponent } from './chunkComponent';

class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>failed: {this.state.error.message}</p> : this.props.children;
  }
}

function Greeting({ name }: { name: string }) {
  return <p>hello {name}</p>;
}

describe('chunkComponent', () => {
  it('shows the placeholder until the chunk is in, then the component with its props; one load for every instance', async () => {
    const chunk = deferred<{ default: typeof Greeting }>();
    const load = jest.fn(() => chunk.promise);
    const Lazy = chunkComponent(load, 'Loading greeting…');
    const first = render(<Lazy name="ada" />);
    expect(screen.getByText('Loading greeting…')).toBeInTheDocument();
    chunk.resolve({ default: Greeting });
    expect(await screen.findByText('hello ada')).toBeInTheDocument();
    first.unmount();
    render(<Lazy name="bob" />);
    // Already loaded: no placeholder on a later mount.
    expect(screen.getByText('hello bob')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a failed load reaches the error boundary, and the next mount loads again', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const load = jest
      .fn<Promise<{ default: typeof Greeting }>, []>()
      .mockRejectedValueOnce(new Error('chunk 404'))
      .mockResolvedValueOnce({ default: Greeting });
    const Lazy = chunkComponent(load, 'Loading greeting…');
    const failed = render(
      <Boundary>
        <Lazy name="ada" />
      </Boundary>
    );
    expect(await screen.findByText('failed: chunk 404')).toBeInTheDocument();
    failed.unmount();
    render(
      <Boundary>
        <Lazy name="ada" />
      </Boundary>
    );
    expect(await screen.findByText('hello ada')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
