import React from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FieldConfigSource, getDefaultTimeRange, LoadingState, PanelProps, toDataFrame } from '@grafana/data';

import { team, teamsResponse } from '../testTeams';
import { defaultOptions, OpsPanelOptions, TeamState } from '../types';
import { OpsPanel } from './OpsPanel';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function json(status: number, body: unknown): Response {
  return { ok: status >= 200 && status < 300, status, json: async () => body } as Response;
}

/** A gateway admin API in memory: GET /admin/teams, PUT and DELETE of failures; records every call. */
function fakeGateway(options: { failWith?: number } = {}) {
  const active = new Map<string, string[]>();
  const calls: Array<{ url: string; method: string; headers: Record<string, string> }> = [];
  const fetchFn = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ url, method, headers: (init?.headers ?? {}) as Record<string, string> });
    if (method === 'GET') {
      const teams: TeamState[] = ['quant', 'eval'].map((name) =>
        team(name, {
          failures: (active.get(name) ?? []).map((kind) => ({
            team: name,
            kind,
            targets: [],
            startedAt: '',
            traceId: TRACE,
          })),
        })
      );
      return json(200, teamsResponse(...teams));
    }
    if (options.failWith) {
      return json(options.failWith, { title: 'Forbidden', detail: 'Editors only', traceId: null });
    }
    const [, name, kind] = /\/admin\/teams\/([^/]+)\/failures\/([^/]+)$/.exec(url)!;
    const kinds = active.get(name) ?? [];
    active.set(name, method === 'PUT' ? [...kinds, kind] : kinds.filter((k) => k !== kind));
    return json(200, { team: name, kind, active: method === 'PUT', traceId: TRACE });
  });
  return { fetchFn: fetchFn as unknown as typeof fetch, calls };
}

function props(fetchFn: typeof fetch, options: Partial<OpsPanelOptions> = {}) {
  const timeRange = getDefaultTimeRange();
  return {
    id: 1,
    data: { state: LoadingState.Done, series: [toDataFrame({ fields: [] })], timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...defaultOptions, ...options },
    fieldConfig: { defaults: {}, overrides: [] } as FieldConfigSource,
    transparent: false,
    width: 900,
    height: 400,
    renderCounter: 0,
    title: 'Operations',
    eventBus: {} as PanelProps['eventBus'],
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
    fetchFn,
  } as unknown as PanelProps<OpsPanelOptions> & { fetchFn: typeof fetch };
}

describe('OpsPanel', () => {
  it('lists the teams of the admin API', async () => {
    const gateway = fakeGateway();
    render(<OpsPanel {...props(gateway.fetchFn)} />);

    expect(await screen.findByTestId('team-row-quant')).toBeInTheDocument();
    expect(screen.getByTestId('team-row-eval')).toBeInTheDocument();
    expect(gateway.calls[0]).toMatchObject({ url: '/gateway-proxy/admin/teams', method: 'GET' });
  });

  it('starts a failure only after the confirmation, shows its trace linked to Tempo, and then offers to stop it', async () => {
    const gateway = fakeGateway();
    render(<OpsPanel {...props(gateway.fetchFn)} />);

    await userEvent.click(await screen.findByTestId('start-quant-model-error'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Make team quant fail with model-error?');
    expect(gateway.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Start failure' }));

    const result = await screen.findByTestId('action-result');
    expect(result).toHaveTextContent('Started model-error for quant');
    const link = within(result).getByTestId('trace-link');
    expect(link).toHaveTextContent(TRACE);
    expect(link.getAttribute('href')).toContain('/explore?schemaVersion=1&panes=');
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain(`"query":"${TRACE}"`);
    expect(await screen.findByTestId('stop-quant-model-error')).toBeInTheDocument();
    expect(gateway.calls.find((call) => call.method === 'PUT')).toMatchObject({
      url: '/gateway-proxy/admin/teams/quant/failures/model-error',
    });
  });

  it('stops a failure with DELETE after its confirmation', async () => {
    const gateway = fakeGateway();
    render(<OpsPanel {...props(gateway.fetchFn)} />);
    await userEvent.click(await screen.findByTestId('start-eval-model-timeout'));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Start failure' }));
    await userEvent.click(await screen.findByTestId('stop-eval-model-timeout'));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Stop failure' }));

    expect(await screen.findByTestId('start-eval-model-timeout')).toBeInTheDocument();
    expect(gateway.calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
  });

  it('sends nothing when the confirmation is dismissed', async () => {
    const gateway = fakeGateway();
    render(<OpsPanel {...props(gateway.fetchFn)} />);
    await userEvent.click(await screen.findByTestId('start-quant-quota-exhaustion'));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(gateway.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
  });

  it('shows a refused action with its status and detail', async () => {
    const gateway = fakeGateway({ failWith: 403 });
    render(<OpsPanel {...props(gateway.fetchFn)} />);
    await userEvent.click(await screen.findByTestId('start-quant-model-error'));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Start failure' }));

    const result = await screen.findByTestId('action-result');
    expect(result).toHaveTextContent('Could not start model-error for quant (403)');
    expect(result).toHaveTextContent('Editors only');
    expect(within(result).getByTestId('trace-none')).toBeInTheDocument();
  });

  it('says so when the proxy refuses the session', async () => {
    const fetchFn = jest.fn().mockResolvedValue(json(401, null)) as unknown as typeof fetch;
    render(<OpsPanel {...props(fetchFn)} />);
    expect(await screen.findByTestId('load-error')).toHaveTextContent('answered 401');
  });

  it('polls the teams again at the configured interval', async () => {
    jest.useFakeTimers();
    try {
      const gateway = fakeGateway();
      render(<OpsPanel {...props(gateway.fetchFn, { refreshSeconds: 2 })} />);
      await act(async () => {
        await Promise.resolve();
      });
      const before = gateway.calls.length;
      await act(async () => {
        jest.advanceTimersByTime(4000);
      });
      expect(gateway.calls.length).toBe(before + 2);
    } finally {
      jest.useRealTimers();
    }
  });
});
