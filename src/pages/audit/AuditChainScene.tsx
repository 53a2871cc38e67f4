import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../../api/ApiRequestError';
import { auditApi, type AuditApi } from '../../api/auditApi';
import type { AuditVerify } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { LatestRequest } from '../../shared/latestRequest';
import { testIds } from '../../shared/testIds';

export interface AuditChainSceneState extends SceneObjectState {
  result?: AuditVerify;
  loading: boolean;
  error?: ApiRequestError;
}

const REASONS: Record<NonNullable<AuditVerify['firstBroken']>['reason'], string> = {
  hash_mismatch: 'its content no longer matches its hash (the entry was changed after it was written)',
  link_mismatch: 'it does not link to the entry before it (an earlier entry was replaced)',
  sequence_gap: 'an entry is missing at this position (entries were deleted)',
};

/** The audit chain's integrity, checked on demand: the whole chain is re-hashed on the sidecar. */
export class AuditChainScene extends SceneObjectBase<AuditChainSceneState> {
  static Component = AuditChainRenderer;
  private readonly request = new LatestRequest((patch) => this.setState(patch));

  constructor(
    state: Partial<AuditChainSceneState> = {},
    private readonly api: AuditApi = auditApi
  ) {
    super({ loading: false, ...state });
    this.addActivationHandler(() => this.request.cancel);
  }

  verify = () =>
    this.request.run(
      () => this.api.verifyAudit(),
      (result) => this.setState({ result, loading: false })
    );
}

function Verdict({ result }: { result: AuditVerify }) {
  const took = `${result.checked.toLocaleString()} entries checked in ${result.durationMs.toLocaleString()} ms`;
  if (result.ok) {
    return (
      <div data-testid={testIds.audit.chainResult} data-ok="true">
        <Alert severity="success" title="The audit chain is intact">
          {took}
          {result.headHash && (
            <Text element="p" variant="bodySmall" color="secondary">
              Head hash <code>{result.headHash}</code>
            </Text>
          )}
        </Alert>
      </div>
    );
  }
  const broken = result.firstBroken!;
  return (
    <div data-testid={testIds.audit.chainResult} data-ok="false" data-seq={broken.seq}>
      <Alert severity="error" title={`The audit chain is broken at entry #${broken.seq}`}>
        Entry #{broken.seq}: {REASONS[broken.reason]} ({broken.reason}). {took} before the break; entries from #
        {broken.seq} on cannot be trusted until the break is explained.
      </Alert>
    </div>
  );
}

function AuditChainRenderer({ model }: SceneComponentProps<AuditChainScene>) {
  const { result, loading, error } = model.useState();
  return (
    <Stack direction="column" gap={1} data-testid={testIds.audit.chain}>
      <Stack direction="row" gap={1} alignItems="center">
        <Text color="secondary">
          {result ? 'Chain verified just now.' : 'Every entry is hash-chained to the one before it.'}
        </Text>
        <Button
          size="sm"
          variant="secondary"
          icon={loading ? 'spinner' : 'shield'}
          disabled={loading}
          onClick={model.verify}
          data-testid={testIds.audit.verify}
        >
          {loading ? 'Verifying…' : 'Verify now'}
        </Button>
      </Stack>
      {error && <ApiErrorAlert title="Could not verify the chain" error={error} onRetry={model.verify} />}
      {!error && result && !loading && <Verdict result={result} />}
    </Stack>
  );
}
