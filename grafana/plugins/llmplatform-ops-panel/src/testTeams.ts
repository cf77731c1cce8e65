import { TeamState, TeamsResponse } from './types';

/** A team as `GET /admin/teams` answers for it (gateway AdminHandler), with overrides. */
export function team(name: string, overrides: Partial<TeamState> = {}): TeamState {
  return {
    team: name,
    traffic: { windowSeconds: 60, requests: 120, requestsPerSecond: 2, errorRatio: 0.05, p95Seconds: 0.25 },
    quota: { requestsPerSecond: 50, burst: 100, requestsAvailable: 75, tokensPerMinute: 1000, tokensAvailable: 400 },
    circuitBreaker: { state: 'CLOSED', failureRate: 0, bufferedCalls: 3 },
    failures: [],
    ...overrides,
  };
}

export function teamsResponse(...teams: TeamState[]): TeamsResponse {
  return { teams };
}
