import { config } from '@grafana/runtime';

import { traceLink } from './traceLink';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceLink', () => {
  afterEach(() => {
    config.appSubUrl = '';
  });

  it('opens the trace in Explore on the configured Tempo datasource', () => {
    const link = traceLink(TRACE, { tempoDatasourceUid: 'tempo-eu', traceLinkTemplate: '' });
    expect(link.startsWith('/explore?schemaVersion=1&panes=')).toBe(true);
    const panes = JSON.parse(decodeURIComponent(link.substring(link.indexOf('panes=') + 'panes='.length)));
    expect(panes.ops.datasource).toBe('tempo-eu');
    expect(panes.ops.queries[0]).toEqual({
      refId: 'A',
      datasource: { type: 'tempo', uid: 'tempo-eu' },
      queryType: 'traceql',
      query: TRACE,
    });
  });

  it('keeps Grafana under its sub path', () => {
    config.appSubUrl = '/grafana';
    expect(traceLink(TRACE, { tempoDatasourceUid: 'tempo', traceLinkTemplate: '' })).toMatch(/^\/grafana\/explore\?/);
  });

  it('uses the template when one is set, with every ${traceId} replaced', () => {
    expect(
      traceLink(TRACE, {
        tempoDatasourceUid: 'tempo',
        traceLinkTemplate: 'https://tempo.example/trace/${traceId}?again=${traceId}',
      })
    ).toBe(`https://tempo.example/trace/${TRACE}?again=${TRACE}`);
  });
});
