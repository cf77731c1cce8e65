package io.llmplatform.k8s;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus, Grafana (datasources and dashboards provider from grafana/provisioning) as rendered for the dev
 * overlay: what the Deployments mount and point at must match what the provisioning files say. The nginx
 * sidecar and the operations panel: {@link GrafanaOpsPanelTests}.
 */
class ObservabilityConfigTests {

	@Test
	void prometheusAcceptsRemoteWriteAndLoadsTheRuleFilesItIsGiven(@TempDir Path dir) throws Exception {
		Container prometheus = container("prometheus", "prometheus");
		assertThat(prometheus.getArgs()).contains("--web.enable-remote-write-receiver",
				"--config.file=/etc/prometheus/prometheus.yml", "--enable-feature=exemplar-storage");
		VolumeMount rules = prometheus.getVolumeMounts().stream().filter((m) -> m.getName().equals("rules"))
			.findFirst().orElseThrow();
		String config = Manifests.configMap("dev", "observability", "prometheus-config").getData().get("prometheus.yml");
		JsonNode parsed = Manifests.yaml(config);
		parsed.path("rule_files").forEach((f) -> assertThat(f.asText()).startsWith(rules.getMountPath() + "/"));

		Manifests.requireTool("promtool", "promtool check config validates prometheus.yml (Debian package prometheus)");
		Path file = dir.resolve("prometheus.yml");
		Files.writeString(file, config);
		String out = Manifests.run(dir, List.of("promtool", "check", "config", "--syntax-only", file.toString()));
		assertThat(out).contains("SUCCESS");
	}

	@Test
	void datasourcesCorrelateMetricsLogsAndTraces() {
		requireGrafanaFile("provisioning/datasources/datasources.yaml");
		JsonNode datasources = Manifests.yaml(Manifests.configMap("dev", "observability", "grafana-datasources")
			.getData().get("datasources.yaml")).path("datasources");
		JsonNode prometheus = byUid(datasources, "prometheus");
		JsonNode loki = byUid(datasources, "loki");
		JsonNode tempo = byUid(datasources, "tempo");
		JsonNode alertmanager = byUid(datasources, "alertmanager");
		assertThat(alertmanager.at("/jsonData/implementation").asText()).isEqualTo("prometheus");
		for (JsonNode ds : List.of(prometheus, loki, tempo, alertmanager)) {
			URI url = URI.create(ds.path("url").asText());
			assertThat(Manifests.serviceExists("dev", url.getHost(), url.getPort())).as(url.toString()).isTrue();
		}
		assertThat(prometheus.at("/jsonData/exemplarTraceIdDestinations/0/datasourceUid").asText()).isEqualTo("tempo");
		assertThat(prometheus.at("/jsonData/exemplarTraceIdDestinations/0/name").asText()).isEqualTo("trace_id");
		JsonNode derived = loki.at("/jsonData/derivedFields");
		assertThat(derived.size()).isEqualTo(2);
		derived.forEach((field) -> {
			assertThat(field.path("datasourceUid").asText()).isEqualTo("tempo");
			assertThat(field.path("matcherRegex").asText()).contains("trace_id");
			// $$ in provisioning files is a literal $ (Grafana expands $VARS there).
			assertThat(field.path("url").asText()).isEqualTo("$${__value.raw}");
		});
		// The regex derived field must find the trace id in our JSON log lines.
		JsonNode inLine = derived.get(1);
		Matcher matcher = Pattern.compile(inLine.path("matcherRegex").asText())
			.matcher("{\"level\":\"INFO\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}");
		assertThat(matcher.find()).isTrue();
		assertThat(matcher.group(1)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(tempo.at("/jsonData/tracesToLogsV2/datasourceUid").asText()).isEqualTo("loki");
		assertThat(tempo.at("/jsonData/tracesToLogsV2/filterByTraceID").asBoolean()).isTrue();
		assertThat(tempo.at("/jsonData/tracesToMetrics/datasourceUid").asText()).isEqualTo("prometheus");
		assertThat(tempo.at("/jsonData/tracesToMetrics/queries").size()).isPositive();
		assertThat(tempo.at("/jsonData/serviceMap/datasourceUid").asText()).isEqualTo("prometheus");
	}

	@Test
	void dashboardsAreProvisionedFromTheMountedConfigMap() {
		requireGrafanaFile("provisioning/dashboards/dashboards.yaml");
		JsonNode provider = Manifests.yaml(Manifests.configMap("dev", "observability", "grafana-dashboards-provider")
			.getData().get("dashboards.yaml"));
		String path = provider.at("/providers/0/options/path").asText();
		Container grafana = container("grafana", "grafana");
		VolumeMount mount = grafana.getVolumeMounts().stream().filter((m) -> m.getMountPath().equals(path))
			.findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
		var volume = Manifests.workloads("dev").stream()
			.filter((w) -> w.object().getMetadata().getName().equals("grafana")).findFirst().orElseThrow()
			.template().getSpec().getVolumes().stream().filter((v) -> v.getName().equals(mount.getName()))
			.findFirst().orElseThrow();
		assertThat(volume.getConfigMap().getName()).startsWith("grafana-dashboards-")
			.doesNotStartWith("grafana-dashboards-provider");
		assertThat(grafana.getVolumeMounts()).anyMatch((m) -> m.getMountPath().equals("/etc/grafana/provisioning/datasources"));
	}

	/** The provisioning files belong to grafana/, which the overlays include. */
	private static void requireGrafanaFile(String file) {
		assertThat(Manifests.grafanaDir().resolve(file)).as("grafana/" + file).isRegularFile();
	}

	private static JsonNode byUid(JsonNode datasources, String uid) {
		for (JsonNode ds : datasources) {
			if (uid.equals(ds.path("uid").asText())) {
				return ds;
			}
		}
		throw new AssertionError("no datasource with uid " + uid);
	}

	private static Container container(String workload, String container) {
		return Manifests.workloads("dev").stream()
			.filter((w) -> w.object().getMetadata().getName().equals(workload)).findFirst().orElseThrow()
			.template().getSpec().getContainers().stream().filter((c) -> c.getName().equals(container))
			.findFirst().orElseThrow();
	}

	private static String env(Container container, String name) {
		return container.getEnv().stream().filter((e) -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
	}

}
