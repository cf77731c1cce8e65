import React from 'react';
import { Badge, BadgeColor, Button, Stack } from '@grafana/ui';

import { percent, rate, seconds, used } from '../format';
import { FAILURE_KINDS, FailureKind, TeamState } from '../types';

interface Props {
  teams: TeamState[];
  /** A start or stop was asked for; the panel confirms it before anything is sent. */
  onRequest: (team: string, kind: FailureKind, start: boolean) => void;
  /** True while an action is in flight: the buttons wait. */
  busy: boolean;
}

const breakerColors: Record<string, BadgeColor> = {
  CLOSED: 'green',
  HALF_OPEN: 'orange',
  OPEN: 'red',
  FORCED_OPEN: 'red',
  DISABLED: 'blue',
  METRICS_ONLY: 'blue',
};

/** One row per team of the gateway's admin API: traffic of the last window, quota use, breaker, failures. */
export function TeamTable({ teams, onRequest, busy }: Props) {
  return (
    <table className="llmplatform-ops-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          <th align="left">Team</th>
          <th align="right">Request rate</th>
          <th align="right">Error ratio</th>
          <th align="right">p95</th>
          <th align="right">Request quota used</th>
          <th align="right">Token quota used</th>
          <th align="left">Breaker</th>
          <th align="left">Controlled failures</th>
        </tr>
      </thead>
      <tbody>
        {teams.map((team) => {
          const active = new Set(team.failures.map((failure) => failure.kind));
          return (
            <tr key={team.team} data-testid={`team-row-${team.team}`}>
              <td>{team.team}</td>
              <td align="right" data-testid="request-rate">
                {rate(team.traffic.requestsPerSecond)}
              </td>
              <td align="right" data-testid="error-ratio">
                {percent(team.traffic.errorRatio)}
              </td>
              <td align="right" data-testid="p95">
                {seconds(team.traffic.p95Seconds)}
              </td>
              <td align="right" data-testid="request-quota">
                {percent(used(team.quota.requestsAvailable, team.quota.burst))}
              </td>
              <td align="right" data-testid="token-quota">
                {percent(used(team.quota.tokensAvailable, team.quota.tokensPerMinute))}
              </td>
              <td data-testid="breaker">
                <Badge
                  text={team.circuitBreaker.state}
                  color={breakerColors[team.circuitBreaker.state] ?? 'purple'}
                  tooltip={`failure rate ${team.circuitBreaker.failureRate.toFixed(0)} % of ${team.circuitBreaker.bufferedCalls} calls`}
                />
              </td>
              <td>
                <Stack direction="row" gap={0.5} wrap="wrap">
                  {FAILURE_KINDS.map((kind) => {
                    const on = active.has(kind);
                    return (
                      <Button
                        key={kind}
                        size="sm"
                        variant={on ? 'destructive' : 'secondary'}
                        icon={on ? 'square-shape' : 'play'}
                        disabled={busy}
                        data-testid={`${on ? 'stop' : 'start'}-${team.team}-${kind}`}
                        aria-pressed={on}
                        onClick={() => onRequest(team.team, kind, !on)}
                      >
                        {on ? `Stop ${kind}` : `Start ${kind}`}
                      </Button>
                    );
                  })}
                </Stack>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
