import { config } from '@grafana/runtime';

import { ActionResult, FailureKind, TeamsResponse } from './types';

/**
 * The gateway's admin API as the browser reaches it: relative to Grafana (so through the nginx sidecar, which
 * checks the Grafana session and adds the admin key). The browser never sends an Authorization header: the
 * session cookie is all it has, and `credentials: 'same-origin'` sends only that.
 */
export class AdminClient {
  constructor(
    private readonly proxyPath: string,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init)
  ) {}

  /** The proxy path under Grafana's sub path (root_url with a path), without a trailing slash. */
  base(): string {
    const subPath = (config.appSubUrl ?? '').replace(/\/$/, '');
    const proxy = this.proxyPath.startsWith('/') ? this.proxyPath : `/${this.proxyPath}`;
    return `${subPath}${proxy}`.replace(/\/$/, '');
  }

  async teams(signal?: AbortSignal): Promise<TeamsResponse> {
    const response = await this.fetchFn(`${this.base()}/admin/teams`, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal,
    });
    if (!response.ok) {
      throw new Error(`GET /admin/teams answered ${response.status}${await problemText(response)}`);
    }
    return (await response.json()) as TeamsResponse;
  }

  async failure(team: string, kind: FailureKind, start: boolean): Promise<ActionResult> {
    const action = start ? 'start' : 'stop';
    const url = `${this.base()}/admin/teams/${encodeURIComponent(team)}/failures/${encodeURIComponent(kind)}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method: start ? 'PUT' : 'DELETE',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
    } catch (error) {
      return { team, kind, action, ok: false, status: 0, traceId: null, message: String(error) };
    }
    const body = await readJson(response);
    const traceId = typeof body?.traceId === 'string' ? body.traceId : null;
    if (!response.ok) {
      const message = body?.detail ?? body?.title ?? `answered ${response.status}`;
      return { team, kind, action, ok: false, status: response.status, traceId, message: String(message) };
    }
    return { team, kind, action, ok: true, status: response.status, traceId };
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | null> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function problemText(response: Response): Promise<string> {
  const body = await readJson(response);
  const detail = body?.detail ?? body?.title;
  return detail ? `: ${String(detail)}` : '';
}
