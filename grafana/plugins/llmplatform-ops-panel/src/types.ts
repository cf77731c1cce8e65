/** The panel's options (edited in the panel editor, stored in the dashboard JSON). */
export interface OpsPanelOptions {
  /** Where the gateway's admin API is reached, relative to Grafana: the nginx sidecar's route. */
  proxyPath: string;
  /** How often the table is polled, in seconds. */
  refreshSeconds: number;
  /** The Tempo datasource uid that trace links open in Explore. */
  tempoDatasourceUid: string;
  /** A link template that wins over the Explore link when set; `${traceId}` is replaced. */
  traceLinkTemplate: string;
}

export const defaultOptions: OpsPanelOptions = {
  proxyPath: '/gateway-proxy',
  refreshSeconds: 5,
  tempoDatasourceUid: 'tempo',
  traceLinkTemplate: '',
};

/** The controlled failures of the gateway's admin API (the slugs of its paths). */
export const FAILURE_KINDS = ['model-timeout', 'model-error', 'quota-exhaustion'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** One team of `GET /admin/teams` (gateway AdminHandler). */
export interface TeamState {
  team: string;
  traffic: {
    windowSeconds: number;
    requests: number;
    requestsPerSecond: number;
    errorRatio: number;
    /** Null without traffic in the window. */
    p95Seconds: number | null;
  };
  quota: {
    requestsPerSecond: number;
    burst: number;
    requestsAvailable: number | null;
    tokensPerMinute: number;
    tokensAvailable: number | null;
  };
  circuitBreaker: {
    state: string;
    failureRate: number;
    bufferedCalls: number;
  };
  failures: ActiveFailure[];
}

export interface ActiveFailure {
  team: string;
  kind: string;
  targets: string[];
  startedAt: string;
  traceId: string | null;
}

export interface TeamsResponse {
  teams: TeamState[];
}

/** The answer of `PUT|DELETE /admin/teams/{team}/failures/{kind}`, or a problem (RFC 9457). */
export interface ActionResult {
  team: string;
  kind: string;
  action: 'start' | 'stop';
  ok: boolean;
  status: number;
  /** The trace of the request that did it (from the answer's `traceId`), when the gateway named one. */
  traceId: string | null;
  /** A problem's `detail` or `title`, or the transport error, when not ok. */
  message?: string;
}
