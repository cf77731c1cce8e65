// Drives the built panel in headless Chromium (Debian's /usr/bin/chromium) through the nginx that the
// end-to-end test configured from the sidecar's template: signs in (the test's stand-in for Grafana sets the
// session cookie), starts one controlled failure with its confirmation, sends a few predicts so the team's
// error ratio moves, waits for the table to show the change, saves a screenshot, stops the failure and waits for
// the table to show that too. Prints one JSON line of what it saw; exits non-zero, saying why, on any failure.
// Input: the environment variable OPS_PANEL_E2E, JSON {baseUrl, team, kind, screenshot, timeoutMs, predictUrl,
// teamKey, chromium}.
import { chromium } from 'playwright-core';

const settings = JSON.parse(process.env.OPS_PANEL_E2E ?? '{}');
const timeout = settings.timeoutMs ?? 20000;
const { baseUrl, team, kind } = settings;

const overall = setTimeout(() => {
  console.error(`drive.mjs: gave up after ${4 * timeout} ms`);
  process.exit(3);
}, 4 * timeout);

const browser = await chromium.launch({
  executablePath: settings.chromium ?? '/usr/bin/chromium',
  headless: true,
  timeout,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const seen = { proxyRequests: [], console: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1240, height: 720 } });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  const pending = [];
  page.on('request', (request) => {
    if (request.url().includes('/gateway-proxy/')) {
      pending.push(
        request.allHeaders().then((headers) =>
          seen.proxyRequests.push({
            method: request.method(),
            url: request.url(),
            authorization: headers.authorization ?? null,
            cookie: headers.cookie !== undefined,
          })
        )
      );
    }
  });
  page.on('console', (message) => seen.console.push(`${message.type()}: ${message.text()}`));

  await page.goto(`${baseUrl}/login?role=editor`);
  const row = page.getByTestId(`team-row-${team}`);
  await row.waitFor();
  seen.errorRatioBefore = await row.getByTestId('error-ratio').textContent();

  await page.getByTestId(`start-${team}-${kind}`).click();
  const dialog = page.getByRole('dialog');
  seen.confirmation = await dialog.textContent();
  await dialog.getByRole('button', { name: 'Start failure' }).click();
  const started = page.getByTestId('action-result').filter({ hasText: `Started ${kind} for ${team}` });
  await started.waitFor();
  seen.startTraceId = await started.getByTestId('trace-link').textContent();
  seen.startTraceHref = await started.getByTestId('trace-link').getAttribute('href');
  await page.getByTestId(`stop-${team}-${kind}`).waitFor();

  seen.predictStatuses = [];
  for (let i = 0; i < 4; i++) {
    const answer = await fetch(settings.predictUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${settings.teamKey}` },
      body: JSON.stringify({ prompt: 'ops panel e2e', max_tokens: 8 }),
      signal: AbortSignal.timeout(timeout),
    });
    seen.predictStatuses.push(answer.status);
  }
  await page.waitForFunction(
    (name) => {
      const cell = document.querySelector(`[data-testid="team-row-${name}"] [data-testid="error-ratio"]`);
      return cell !== null && cell.textContent !== '0.0 %' && cell.textContent !== '–';
    },
    team,
    { timeout }
  );
  seen.errorRatioDuring = await row.getByTestId('error-ratio').textContent();
  seen.breakerDuring = await row.getByTestId('breaker').textContent();
  await page.screenshot({ path: settings.screenshot, fullPage: false });

  await page.getByTestId(`stop-${team}-${kind}`).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Stop failure' }).click();
  const stopped = page.getByTestId('action-result').filter({ hasText: `Stopped ${kind} for ${team}` });
  await stopped.waitFor();
  seen.stopTraceId = await stopped.getByTestId('trace-link').textContent();
  await page.getByTestId(`start-${team}-${kind}`).waitFor();
  await Promise.all(pending);
  console.log(JSON.stringify(seen));
} catch (error) {
  console.error(`drive.mjs: ${error instanceof Error ? error.stack : error}`);
  console.error(`browser console:\n${seen.console.join('\n')}`);
  process.exitCode = 1;
} finally {
  clearTimeout(overall);
  await browser.close();
}
