import React from 'react';
import { Alert } from '@grafana/ui';

import { ActionResult, OpsPanelOptions } from '../types';
import { TraceLink } from './TraceLink';

interface Props {
  results: ActionResult[];
  options: Pick<OpsPanelOptions, 'tempoDatasourceUid' | 'traceLinkTemplate'>;
}

/** The outcome of each action, newest first, each with the trace of the request that did it. */
export function ActionResults({ results, options }: Props) {
  return (
    <div data-testid="action-results">
      {results.map((result, index) => (
        <Alert
          key={`${result.team}-${result.kind}-${result.action}-${index}`}
          severity={result.ok ? 'success' : 'error'}
          title={
            result.ok
              ? `${result.action === 'start' ? 'Started' : 'Stopped'} ${result.kind} for ${result.team}`
              : `Could not ${result.action} ${result.kind} for ${result.team} (${result.status || 'no answer'})`
          }
          data-testid="action-result"
        >
          {result.message && <div>{result.message}</div>}
          <div>
            Trace: <TraceLink traceId={result.traceId} options={options} />
          </div>
        </Alert>
      ))}
    </div>
  );
}
