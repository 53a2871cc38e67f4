import { SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { render, screen } from '@testing-library/react';
import React from 'react';
import { testIds } from './testIds';
import { Actions } from '../contract';
import { setPermissions } from '../test/permissions';
import { buildGuardedScene } from './guardedScene';
import { LazySceneBody } from './LazySceneBody';
import { NoAccessScene } from './NoAccessScene';

class Hello extends SceneObjectBase<SceneObjectState> {
  static Component = () => <p>page body</p>;
}

describe('buildGuardedScene', () => {
  it('loads the page body lazily for users with the permission', async () => {
    setPermissions([Actions.tenantsRead]);
    const load = jest.fn(() => Promise.resolve(new Hello({})));
    const scene = buildGuardedScene(Actions.tenantsRead, load);
    expect(scene.state.body).toBeInstanceOf(LazySceneBody);
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('page body')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('protects the route itself: without the permission nothing is loaded and the reason is shown', () => {
    setPermissions([]);
    const load = jest.fn(() => Promise.resolve(new Hello({})));
    const scene = buildGuardedScene(Actions.tenantsRead, load);
    expect(scene.state.body).toBeInstanceOf(NoAccessScene);
    render(<scene.Component model={scene} />);
    expect(screen.getByTestId(testIds.app.noAccess)).toHaveTextContent('You need the Switchyard Viewer role');
    expect(load).not.toHaveBeenCalled();
  });

  it('a page that needs several permissions names the first one missing, and loads nothing', () => {
    // The Approver role: operations:read without placement:read.
    setPermissions([Actions.operationsRead]);
    const load = jest.fn(() => Promise.resolve(new Hello({})));
    const scene = buildGuardedScene([Actions.placementRead, Actions.operationsRead], load);
    expect(scene.state.body).toBeInstanceOf(NoAccessScene);
    expect((scene.state.body as NoAccessScene).state.action).toBe(Actions.placementRead);
    expect(load).not.toHaveBeenCalled();
    setPermissions([Actions.operationsRead, Actions.placementRead]);
    expect(buildGuardedScene([Actions.placementRead, Actions.operationsRead], load).state.body).toBeInstanceOf(
      LazySceneBody
    );
  });

  it('says the page failed to load when its chunk cannot be fetched', async () => {
    setPermissions([Actions.tenantsRead]);
    const scene = buildGuardedScene(Actions.tenantsRead, () => Promise.reject(new Error('ChunkLoadError')));
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('This page failed to load')).toBeInTheDocument();
  });
});

describe('LazySceneBody', () => {
  it('starts loading only once what it waits for has settled, and loads once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = jest.fn(() => Promise.resolve(new Hello({})));
    const body = new LazySceneBody(load, {}, () => gate);
    const { rerender } = render(<body.Component model={body} />);
    await Promise.resolve();
    expect(load).not.toHaveBeenCalled();
    expect(screen.getByTestId(testIds.app.pageLoading)).toBeInTheDocument();
    release();
    expect(await screen.findByText('page body')).toBeInTheDocument();
    rerender(<body.Component model={body} />);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
