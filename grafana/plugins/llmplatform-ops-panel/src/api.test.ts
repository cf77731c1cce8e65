import { AdminClient } from './api';
import { team, teamsResponse } from './testTeams';

function answer(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => body,
  } as Response;
}

describe('AdminClient', () => {
  it('reads the teams through the relative proxy path, with the session cookie and no Authorization header', async () => {
    const fetchFn = jest.fn().mockResolvedValue(answer(200, teamsResponse(team('quant'))));
    const answerBody = await new AdminClient('/gateway-proxy', fetchFn).teams();

    expect(answerBody.teams[0].team).toBe('quant');
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe('/gateway-proxy/admin/teams');
    expect(init.credentials).toBe('same-origin');
    expect(Object.keys(init.headers).map((name) => name.toLowerCase())).not.toContain('authorization');
  });

  it('starts with PUT and stops with DELETE, and hands back the trace id of the answer', async () => {
    const fetchFn = jest
      .fn()
      .mockResolvedValueOnce(answer(200, { team: 'eval', kind: 'model-error', active: true, traceId: 'aaa' }))
      .mockResolvedValueOnce(answer(200, { team: 'eval', kind: 'model-error', active: false, traceId: 'bbb' }));
    const client = new AdminClient('gateway-proxy/', fetchFn);

    const started = await client.failure('eval', 'model-error', true);
    const stopped = await client.failure('eval', 'model-error', false);

    expect(fetchFn.mock.calls[0][0]).toBe('/gateway-proxy/admin/teams/eval/failures/model-error');
    expect(fetchFn.mock.calls[0][1].method).toBe('PUT');
    expect(fetchFn.mock.calls[1][1].method).toBe('DELETE');
    expect(started).toEqual({ team: 'eval', kind: 'model-error', action: 'start', ok: true, status: 200, traceId: 'aaa' });
    expect(stopped.traceId).toBe('bbb');
  });

  it('turns a problem answer into a failed result that keeps its detail and trace id', async () => {
    const fetchFn = jest
      .fn()
      .mockResolvedValue(answer(503, { title: 'Upstream unavailable', detail: 'simulator down', traceId: 'ccc' }));

    const result = await new AdminClient('/gateway-proxy', fetchFn).failure('quant', 'model-timeout', true);

    expect(result).toMatchObject({ ok: false, status: 503, message: 'simulator down', traceId: 'ccc' });
  });

  it('says which status the teams call got when the proxy refuses it', async () => {
    const fetchFn = jest.fn().mockResolvedValue(answer(401, null));
    await expect(new AdminClient('/gateway-proxy', fetchFn).teams()).rejects.toThrow('answered 401');
  });
});
