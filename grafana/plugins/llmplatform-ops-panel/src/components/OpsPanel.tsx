import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PanelProps } from '@grafana/data';
import { Alert, ConfirmModal } from '@grafana/ui';

import { AdminClient } from '../api';
import { ActionResult, FailureKind, OpsPanelOptions, TeamState } from '../types';
import { ActionResults } from './ActionResults';
import { TeamTable } from './TeamTable';

interface Pending {
  team: string;
  kind: FailureKind;
  start: boolean;
}

/** How many action results stay on screen. */
const KEPT_RESULTS = 5;

type Props = PanelProps<OpsPanelOptions> & {
  /** Tests pass their own fetch; Grafana's is the browser's. */
  fetchFn?: typeof fetch;
};

/**
 * The operations panel: every team's health and quotas from the gateway's admin API (polled through the
 * nginx sidecar's `/gateway-proxy/`), and controlled failures started and stopped after a confirmation.
 */
export function OpsPanel({ options, width, height, fetchFn }: Props) {
  const client = useMemo(() => new AdminClient(options.proxyPath, fetchFn), [options.proxyPath, fetchFn]);
  const [teams, setTeams] = useState<TeamState[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ActionResult[]>([]);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(async () => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const answer = await client.teams(controller.signal);
      setTeams(answer.teams);
      setLoadError(null);
    } catch (error) {
      if (!controller.signal.aborted) {
        setLoadError(error instanceof Error ? error.message : String(error));
      }
    }
  }, [client]);

  useEffect(() => {
    refresh();
    const every = Math.max(1, options.refreshSeconds || 5) * 1000;
    const timer = setInterval(refresh, every);
    return () => {
      clearInterval(timer);
      inFlight.current?.abort();
    };
  }, [refresh, options.refreshSeconds]);

  const confirm = async () => {
    if (!pending) {
      return;
    }
    const asked = pending;
    setPending(null);
    setBusy(true);
    try {
      const result = await client.failure(asked.team, asked.kind, asked.start);
      setResults((previous) => [result, ...previous].slice(0, KEPT_RESULTS));
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ width, height, overflow: 'auto' }} data-testid="llmplatform-ops-panel">
      {loadError && (
        <Alert severity="error" title="The gateway's admin API did not answer" data-testid="load-error">
          {loadError}
        </Alert>
      )}
      {teams === null && !loadError && <div data-testid="loading">Loading teams…</div>}
      {teams !== null && (
        <TeamTable teams={teams} busy={busy} onRequest={(team, kind, start) => setPending({ team, kind, start })} />
      )}
      <ActionResults results={results} options={options} />
      <ConfirmModal
        isOpen={pending !== null}
        title={pending?.start ? 'Start a controlled failure' : 'Stop a controlled failure'}
        body={
          pending
            ? pending.start
              ? `Make team ${pending.team} fail with ${pending.kind}? Its callers will get errors until you stop it.`
              : `Stop ${pending.kind} for team ${pending.team}?`
            : ''
        }
        confirmText={pending?.start ? 'Start failure' : 'Stop failure'}
        confirmVariant={pending?.start ? 'destructive' : 'primary'}
        onConfirm={confirm}
        onDismiss={() => setPending(null)}
      />
    </div>
  );
}
