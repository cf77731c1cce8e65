package io.llmplatform.grafana;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A query of a dashboard: a panel target, an annotation or a template variable.
 *
 * @param dashboard the dashboard's uid
 * @param source what holds the query: the panel title, {@code annotation <name>} or {@code variable <name>}
 * @param datasource the datasource uid the query goes to
 * @param expression PromQL, LogQL, TraceQL or a {@code label_values(...)} variable query
 * @param exemplar whether the target asks for exemplars
 */
record DashboardQuery(String dashboard, String source, String datasource, String expression, boolean exemplar) {

	String id() {
		return this.dashboard + " / " + this.source;
	}

	boolean isVariable() {
		return this.source.startsWith("variable ");
	}

	static List<DashboardQuery> all() {
		List<DashboardQuery> queries = new ArrayList<>();
		for (Path file : GrafanaFiles.dashboards()) {
			queries.addAll(of(GrafanaFiles.readJson(file)));
		}
		return queries;
	}

	static List<DashboardQuery> of(JsonNode dashboard) {
		String uid = dashboard.path("uid").asString();
		List<DashboardQuery> queries = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			String panelDatasource = panel.path("datasource").path("uid").asString("");
			for (JsonNode target : panel.path("targets")) {
				String datasource = target.path("datasource").path("uid").asString(panelDatasource);
				queries.add(new DashboardQuery(uid, panel.path("title").asString(), datasource, expression(target),
						target.path("exemplar").asBoolean(false)));
			}
		}
		for (JsonNode annotation : dashboard.path("annotations").path("list")) {
			if (annotation.has("expr")) {
				queries.add(new DashboardQuery(uid, "annotation " + annotation.path("name").asString(),
						annotation.path("datasource").path("uid").asString(), annotation.path("expr").asString(), false));
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString())) {
				JsonNode query = variable.path("query");
				queries.add(new DashboardQuery(uid, "variable " + variable.path("name").asString(),
						variable.path("datasource").path("uid").asString(),
						query.isObject() ? query.path("query").asString() : query.asString(), false));
			}
		}
		return queries;
	}

	/** Every panel, rows' collapsed panels included; rows themselves are not panels with queries. */
	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			if ("row".equals(panel.path("type").asString())) {
				panel.path("panels").forEach(panels::add);
			}
			else {
				panels.add(panel);
			}
		}
		return panels;
	}

	/** PromQL and LogQL targets use expr, TraceQL search query, the Tempo service map serviceMapQuery. */
	static String expression(JsonNode target) {
		for (String field : List.of("expr", "query", "serviceMapQuery")) {
			String value = target.path(field).asString("");
			if (!value.isBlank()) {
				return value;
			}
		}
		return "";
	}

}
