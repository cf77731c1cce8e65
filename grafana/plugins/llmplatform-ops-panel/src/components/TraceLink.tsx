import React from 'react';
import { TextLink } from '@grafana/ui';

import { traceLink } from '../traceLink';
import { OpsPanelOptions } from '../types';

interface Props {
  traceId: string | null;
  options: Pick<OpsPanelOptions, 'tempoDatasourceUid' | 'traceLinkTemplate'>;
}

/**
 * A trace id that opens its trace in Tempo, in a new tab (the dashboard stays where it is); says so when the gateway
 * named no trace.
 */
export function TraceLink({ traceId, options }: Props) {
  if (!traceId) {
    return <span data-testid="trace-none">no trace id</span>;
  }
  return (
    <TextLink href={traceLink(traceId, options)} external inline data-testid="trace-link">
      {traceId}
    </TextLink>
  );
}
