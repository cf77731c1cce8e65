import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { team } from '../testTeams';
import { TeamTable } from './TeamTable';

describe('TeamTable', () => {
  it('shows each team with its rate, error ratio, p95, quota use and breaker', () => {
    render(
      <TeamTable
        busy={false}
        onRequest={jest.fn()}
        teams={[
          team('quant'),
          team('eval', {
            traffic: { windowSeconds: 60, requests: 30, requestsPerSecond: 0.5, errorRatio: 1, p95Seconds: 5 },
            quota: { requestsPerSecond: 1, burst: 10, requestsAvailable: 10, tokensPerMinute: 1000, tokensAvailable: -1000 },
            circuitBreaker: { state: 'OPEN', failureRate: 100, bufferedCalls: 10 },
          }),
        ]}
      />
    );

    const quant = within(screen.getByTestId('team-row-quant'));
    expect(quant.getByTestId('request-rate')).toHaveTextContent('2.00 req/s');
    expect(quant.getByTestId('error-ratio')).toHaveTextContent('5.0 %');
    expect(quant.getByTestId('p95')).toHaveTextContent('250 ms');
    expect(quant.getByTestId('request-quota')).toHaveTextContent('25.0 %');
    expect(quant.getByTestId('token-quota')).toHaveTextContent('60.0 %');
    expect(quant.getByTestId('breaker')).toHaveTextContent('CLOSED');

    const evalRow = within(screen.getByTestId('team-row-eval'));
    expect(evalRow.getByTestId('error-ratio')).toHaveTextContent('100.0 %');
    expect(evalRow.getByTestId('p95')).toHaveTextContent('5.00 s');
    expect(evalRow.getByTestId('token-quota')).toHaveTextContent('200.0 %');
    expect(evalRow.getByTestId('breaker')).toHaveTextContent('OPEN');
  });

  it('offers to start a failure that is off and to stop one that is on', async () => {
    const onRequest = jest.fn();
    render(
      <TeamTable
        busy={false}
        onRequest={onRequest}
        teams={[
          team('quant', {
            failures: [{ team: 'quant', kind: 'model-error', targets: ['quant-endpoint'], startedAt: '', traceId: 't' }],
          }),
        ]}
      />
    );

    expect(screen.getByTestId('start-quant-model-timeout')).toHaveTextContent('Start model-timeout');
    expect(screen.getByTestId('stop-quant-model-error')).toHaveTextContent('Stop model-error');
    expect(screen.queryByTestId('start-quant-model-error')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('start-quant-quota-exhaustion'));
    await userEvent.click(screen.getByTestId('stop-quant-model-error'));
    expect(onRequest.mock.calls).toEqual([
      ['quant', 'quota-exhaustion', true],
      ['quant', 'model-error', false],
    ]);
  });

  it('holds the buttons while an action is in flight', () => {
    render(<TeamTable busy={true} onRequest={jest.fn()} teams={[team('quant')]} />);
    expect(screen.getByTestId('start-quant-model-error')).toBeDisabled();
  });
});
