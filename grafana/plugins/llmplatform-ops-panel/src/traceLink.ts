import { config } from '@grafana/runtime';

import { OpsPanelOptions } from './types';

/**
 * Where a trace id opens: the option's template with `${traceId}` replaced, or else Grafana's Explore on the
 * Tempo datasource with a TraceQL query of that trace id.
 */
export function traceLink(traceId: string, options: Pick<OpsPanelOptions, 'tempoDatasourceUid' | 'traceLinkTemplate'>): string {
  const template = options.traceLinkTemplate?.trim();
  if (template) {
    return template.split('${traceId}').join(encodeURIComponent(traceId));
  }
  const uid = options.tempoDatasourceUid || 'tempo';
  const panes = {
    ops: {
      datasource: uid,
      queries: [{ refId: 'A', datasource: { type: 'tempo', uid }, queryType: 'traceql', query: traceId }],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  const subPath = (config.appSubUrl ?? '').replace(/\/$/, '');
  return `${subPath}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}
