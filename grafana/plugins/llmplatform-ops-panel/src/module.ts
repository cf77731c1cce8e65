import { PanelPlugin } from '@grafana/data';

import { OpsPanel } from './components/OpsPanel';
import { defaultOptions, OpsPanelOptions } from './types';

export const plugin = new PanelPlugin<OpsPanelOptions>(OpsPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'proxyPath',
      name: 'Gateway proxy path',
      description: "Grafana-relative path of the nginx sidecar's route to the gateway (it adds the admin key).",
      defaultValue: defaultOptions.proxyPath,
    })
    .addNumberInput({
      path: 'refreshSeconds',
      name: 'Refresh (seconds)',
      defaultValue: defaultOptions.refreshSeconds,
      settings: { min: 1, integer: true },
    })
    .addTextInput({
      path: 'tempoDatasourceUid',
      name: 'Tempo datasource uid',
      description: 'Trace ids of actions open in Explore on this datasource.',
      defaultValue: defaultOptions.tempoDatasourceUid,
    })
    .addTextInput({
      path: 'traceLinkTemplate',
      name: 'Trace link template',
      description: 'Optional; replaces the Explore link. ${traceId} is replaced by the trace id.',
      defaultValue: defaultOptions.traceLinkTemplate,
    })
);
