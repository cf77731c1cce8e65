package io.llmplatform.grafana;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards and the provisioning, read as Grafana reads them: every dashboard parses, has a stable uid, a
 * title, team and service variables, links to the others and only targets with an expression, sent to a
 * provisioned datasource; quantile panels ask for exemplars; the datasources link metrics, logs and traces.
 */
class DashboardTests {

	/** The panel plugin of grafana/plugins/llmplatform-ops-panel. */
	static final String OPS_PANEL = "llmplatform-ops-panel";

	static final Set<String> DASHBOARD_UIDS = Set.of("llm-platform-overview", "llm-team-service", "llm-genai-models",
			"llm-controlled-failures", "llm-judge");

	@Test
	void everyDashboardHasItsUidTitleSchemaAndTemplating() {
		Set<String> uids = new HashSet<>();
		for (Path file : GrafanaFiles.dashboards()) {
			JsonNode dashboard = GrafanaFiles.readJson(file);
			String uid = dashboard.path("uid").asString("");
			assertThat(uid).as("uid of %s", file).matches("[a-z0-9-]{1,40}");
			assertThat(uids.add(uid)).as("uid %s is unique", uid).isTrue();
			assertThat(dashboard.path("title").asString("")).as("title of %s", file).isNotBlank();
			assertThat(dashboard.path("schemaVersion").asInt(0)).as("schemaVersion of %s", file).isGreaterThanOrEqualTo(39);
			assertThat(dashboard.has("id") && !dashboard.get("id").isNull()).as("no instance-specific id in %s", file).isFalse();
			List<String> variables = new ArrayList<>();
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				variables.add(variable.path("name").asString());
				assertThat(variable.path("datasource").path("uid").asString()).isEqualTo("prometheus");
				assertThat(DashboardQuery.expression(variable.path("query"))).as("query of variable %s", variable)
					.startsWith("label_values(");
			}
			assertThat(variables).as("variables of %s", file).contains("team", "service");
		}
		assertThat(uids).containsExactlyInAnyOrderElementsOf(DASHBOARD_UIDS);
	}

	@Test
	void everyPanelTargetHasAnExpressionForAProvisionedDatasource() {
		Set<String> provisioned = provisionedDatasourceUids();
		assertThat(provisioned).containsExactlyInAnyOrder("prometheus", "loki", "tempo", "alertmanager");
		for (Path file : GrafanaFiles.dashboards()) {
			JsonNode dashboard = GrafanaFiles.readJson(file);
			List<JsonNode> panels = DashboardQuery.panels(dashboard);
			assertThat(panels).as("panels of %s", file).hasSizeGreaterThan(5);
			Set<Integer> ids = new HashSet<>();
			for (JsonNode panel : panels) {
				String title = panel.path("title").asString("");
				assertThat(title).as("a panel of %s", file).isNotBlank();
				assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
				assertThat(panel.path("gridPos").path("w").asInt(0)).as("width of %s", title).isBetween(1, 24);
				if (OPS_PANEL.equals(panel.path("type").asString())) {
					continue; // reads the gateway's admin API, no datasource: theOperationsPanelIsOnTheControlledFailuresDashboard
				}
				assertThat(panel.path("targets").size()).as("targets of %s", title).isPositive();
				assertThat(panel.path("datasource").path("uid").asString("")).as("datasource of %s", title).isIn(provisioned);
				for (JsonNode target : panel.path("targets")) {
					assertThat(DashboardQuery.expression(target)).as("expression of a target of %s", title).isNotBlank();
					assertThat(target.path("datasource").path("uid").asString("")).as("datasource of a target of %s", title)
						.isIn(provisioned);
					assertThat(target.path("refId").asString("")).as("refId in %s", title).isNotBlank();
				}
			}
		}
	}

	@Test
	void theOperationsPanelIsOnTheControlledFailuresDashboard() {
		JsonNode dashboard = GrafanaFiles.readJson(GrafanaFiles.dir().resolve("dashboards/controlled-failures.json"));
		List<JsonNode> opsPanels = DashboardQuery.panels(dashboard)
			.stream()
			.filter((panel) -> OPS_PANEL.equals(panel.path("type").asString()))
			.toList();
		assertThat(opsPanels).hasSize(1);
		JsonNode options = opsPanels.get(0).path("options");
		// Relative: the browser reaches the gateway only through Grafana's nginx sidecar, which adds the admin key.
		assertThat(options.path("proxyPath").asString()).isEqualTo("/gateway-proxy");
		assertThat(options.path("tempoDatasourceUid").asString()).isIn(provisionedDatasourceUids());
		assertThat(opsPanels.get(0).path("gridPos").path("y").asInt(-1)).as("first on the dashboard").isZero();
		for (Path file : GrafanaFiles.dashboards()) {
			if (!file.endsWith("controlled-failures.json")) {
				assertThat(GrafanaFiles.read(file)).as("the operations panel only on llm-controlled-failures")
					.doesNotContain(OPS_PANEL);
			}
		}
	}

	@Test
	void histogramPanelsAskForExemplars() {
		List<DashboardQuery> quantiles = DashboardQuery.all()
			.stream()
			.filter((query) -> query.expression().contains("histogram_quantile(") && query.expression().contains("_seconds_bucket"))
			.toList();
		assertThat(quantiles).hasSizeGreaterThan(10);
		// vLLM's own /metrics carry no trace ids (the simulator's and the real vLLM's alike): no exemplar to ask for.
		assertThat(quantiles.stream().filter((query) -> !query.expression().contains("vllm:") && !query.exemplar()))
			.as("latency quantiles without exemplar: true")
			.isEmpty();
	}

	@Test
	void dashboardsLinkToEachOther() {
		for (Path file : GrafanaFiles.dashboards()) {
			JsonNode dashboard = GrafanaFiles.readJson(file);
			assertThat(dashboard.path("tags").toString()).contains("llm-platform");
			JsonNode link = dashboard.path("links").path(0);
			assertThat(link.path("type").asString()).isEqualTo("dashboards");
			assertThat(link.path("tags").toString()).contains("llm-platform");
			assertThat(link.path("includeVars").asBoolean()).isTrue();
		}
		String overview = GrafanaFiles.read(GrafanaFiles.dir().resolve("dashboards/platform-overview.json"));
		assertThat(overview).as("drill-down from the overview").contains("/d/llm-team-service/");
	}

	@Test
	void theSeedsQueriesAreKeptWithCurrentNames() {
		String all = DashboardQuery.all().stream().map(DashboardQuery::expression).collect(Collectors.joining("\n"));
		assertThat(all).contains("sum(rate(gateway_requests_total{team=~\"$team\"}[5m]))",
				"sum(increase(gateway_requests_total{team=~\"$team\"}[1h])) by (team)",
				"histogram_quantile(0.95, sum(rate(gateway_request_duration_seconds_bucket{team=~\"$team\"}[5m])) by (le, team))",
				"sum(rate(sagemaker_invoke_errors_total{error_type=\"timeout\",team=~\"$team\"}[5m])) by (endpoint)",
				"|= \"exceeded quota\"", "kube_pod_status_ready{namespace=~\"team-$team|platform\",condition=\"false\"} == 1");
		// Outdated names of the seeds must not come back.
		assertThat(all).doesNotContain("gateway_latency_ms", "http_server_request_count_total", "http_status_code",
				"vllm:gpu_cache_usage_perc", "time_per_output_token");
	}

	@Test
	void datasourcesLinkMetricsLogsAndTraces() {
		Map<String, Map<String, Object>> byUid = new java.util.HashMap<>();
		for (Map<String, Object> datasource : datasources()) {
			byUid.put(String.valueOf(datasource.get("uid")), datasource);
		}
		assertThat(json(byUid.get("prometheus"))).contains("\"exemplarTraceIdDestinations\"")
			.contains("\"name\":\"trace_id\",\"datasourceUid\":\"tempo\"");
		String loki = json(byUid.get("loki"));
		assertThat(loki).contains("\"derivedFields\"").contains("\"matcherRegex\":\"trace_id\"")
			.contains("\"datasourceUid\":\"tempo\"");
		String tempo = json(byUid.get("tempo"));
		assertThat(tempo).contains("\"tracesToLogsV2\":{\"datasourceUid\":\"loki\"")
			.contains("\"tracesToMetrics\":{\"datasourceUid\":\"prometheus\"")
			.contains("\"serviceMap\":{\"datasourceUid\":\"prometheus\"}");
		Map<String, Object> provider = GrafanaFiles.maps(GrafanaFiles
			.readYaml(GrafanaFiles.dir().resolve("provisioning/dashboards/dashboards.yaml"))
			.get("providers")).get(0);
		assertThat(json(provider)).contains("\"type\":\"file\"").contains("\"path\":\"/var/lib/grafana/dashboards\"");
	}

	@Test
	void communityDashboardsAreListedWithAnImportScript() {
		List<String> ids = GrafanaFiles.read(GrafanaFiles.dir().resolve("community-dashboards.txt"))
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("\\s+", 2)[0])
			.toList();
		assertThat(ids).containsExactly("15760", "15757", "15759", "17119", "16686");
		Path script = GrafanaFiles.dir().resolve("import-community-dashboards.sh");
		assertThat(script).isExecutable();
		assertThat(GrafanaFiles.read(script)).contains("/api/gnet/dashboards/", "/api/dashboards/import", "GRAFANA_URL",
				"GRAFANA_TOKEN");
	}

	@Test
	void theKustomizationShipsEveryDashboardRuleFileAndProvisioningFile() {
		Map<String, Object> kustomization = GrafanaFiles.readYaml(GrafanaFiles.dir().resolve("kustomization.yaml"));
		Map<String, List<String>> files = new java.util.HashMap<>();
		for (Map<String, Object> generator : GrafanaFiles.maps(kustomization.get("configMapGenerator"))) {
			@SuppressWarnings("unchecked")
			List<String> listed = (List<String>) generator.get("files");
			files.put(String.valueOf(generator.get("name")), listed);
		}
		Path dir = GrafanaFiles.dir();
		assertThat(files.get("grafana-dashboards")).containsExactlyInAnyOrderElementsOf(
				GrafanaFiles.dashboards().stream().map((file) -> dir.relativize(file).toString()).toList());
		assertThat(files.get("prometheus-rules")).containsExactlyInAnyOrderElementsOf(
				GrafanaFiles.ruleFiles().stream().map((file) -> dir.relativize(file).toString()).toList());
		assertThat(files.get("grafana-datasources")).containsExactly("provisioning/datasources/datasources.yaml");
		assertThat(files.get("grafana-dashboards-provider")).containsExactly("provisioning/dashboards/dashboards.yaml");
	}

	static Set<String> provisionedDatasourceUids() {
		return datasources().stream().map((datasource) -> String.valueOf(datasource.get("uid"))).collect(Collectors.toSet());
	}

	static List<Map<String, Object>> datasources() {
		return GrafanaFiles.maps(GrafanaFiles
			.readYaml(GrafanaFiles.dir().resolve("provisioning/datasources/datasources.yaml"))
			.get("datasources"));
	}

	private static String json(Object value) {
		return GrafanaFiles.JSON.writeValueAsString(value);
	}

}
