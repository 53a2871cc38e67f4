import { Alert, Button } from '@grafana/ui';
import React from 'react';
import { testIds } from '../shared/testIds';

interface State {
  failed: boolean;
}

/**
 * Catches render errors anywhere in the app and shows a friendly message instead of a blank
 * page or a stack trace; "Try again" re-renders the app.
 */
export class AppErrorBoundary extends React.Component<React.PropsWithChildren, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  private retry = () => this.setState({ failed: false });

  override render() {
    if (!this.state.failed) {
      return this.props.children;
    }
    return (
      <div data-testid={testIds.app.errorBoundary}>
        <Alert severity="error" title="Switchyard hit an unexpected problem">
          <p>
            This view could not be shown. Try again; if it keeps happening, reload Grafana and tell your Grafana admin
            what you were doing and when.
          </p>
          <Button variant="secondary" onClick={this.retry}>
            Try again
          </Button>
        </Alert>
      </div>
    );
  }
}
