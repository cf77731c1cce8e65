/**
 * A page that renders the built panel (dist/module.js, exactly as Grafana loads it) outside Grafana, for the
 * end-to-end test: it offers the AMD modules that Grafana offers a plugin (React and the @grafana packages),
 * loads module.js from /public/plugins/llmplatform-ops-panel/ as Grafana serves it, and renders the plugin's
 * panel component with the options given in the page's query string.
 */
import React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';

const shared: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
};

type Define = ((deps: string[], factory: (...modules: unknown[]) => unknown) => void) & { amd: object };

function loadPlugin(src: string): Promise<{ plugin: grafanaData.PanelPlugin }> {
  return new Promise((resolve, reject) => {
    const define = ((deps, factory) => {
      const missing = deps.filter((dep) => !(dep in shared));
      if (missing.length > 0) {
        reject(new Error(`module.js needs modules Grafana's harness does not offer: ${missing.join(', ')}`));
        return;
      }
      resolve(factory(...deps.map((dep) => shared[dep])) as { plugin: grafanaData.PanelPlugin });
    }) as Define;
    define.amd = {};
    (window as unknown as { define: Define }).define = define;
    const script = document.createElement('script');
    script.src = src;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

async function main() {
  const root = document.getElementById('root')!;
  const query = new URLSearchParams(window.location.search);
  const { plugin } = await loadPlugin('/public/plugins/llmplatform-ops-panel/module.js');
  const Panel = plugin.panel as unknown as React.ComponentType<Record<string, unknown>>;
  const options = {
    proxyPath: query.get('proxyPath') ?? '/gateway-proxy',
    refreshSeconds: Number(query.get('refreshSeconds') ?? '1'),
    tempoDatasourceUid: query.get('tempoDatasourceUid') ?? 'tempo',
    traceLinkTemplate: query.get('traceLinkTemplate') ?? '',
  };
  const timeRange = grafanaData.getDefaultTimeRange();
  createRoot(root).render(
    <grafanaUi.ThemeContext.Provider value={grafanaData.createTheme({ colors: { mode: 'dark' } })}>
      <div style={{ padding: 16 }}>
        <h2 style={{ fontFamily: 'sans-serif', color: '#ccccdc' }}>LLM Platform Operations</h2>
        <Panel
          id={1}
          data={{ state: grafanaData.LoadingState.Done, series: [], timeRange }}
          timeRange={timeRange}
          timeZone="utc"
          options={options}
          fieldConfig={{ defaults: {}, overrides: [] }}
          transparent={false}
          width={1180}
          height={560}
          renderCounter={0}
          title="Operations"
          eventBus={new grafanaData.EventBusSrv()}
          onOptionsChange={() => {}}
          onFieldConfigChange={() => {}}
          replaceVariables={(value: string) => value}
          onChangeTimeRange={() => {}}
        />
      </div>
    </grafanaUi.ThemeContext.Provider>
  );
  document.body.dataset.pluginLoaded = 'true';
}

main().catch((error) => {
  document.body.dataset.pluginError = String(error);
  document.getElementById('root')!.textContent = `Harness failed: ${error}`;
});
