package io.llmplatform.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry Collector configuration as far as it can be checked without the binary (the README says how
 * to run {@code otelcol-contrib validate} with the image): taken from the rendered ConfigMap, parsed, and checked
 * for what makes a collector refuse to start or silently drop data.
 */
class CollectorConfigTests {

	private static final List<String> SECTIONS = List.of("receivers", "processors", "exporters");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void everyPipelineComponentIsDeclaredAndEveryDeclaredComponentIsUsed(String overlay) {
		JsonNode config = config(overlay);
		JsonNode pipelines = config.path("service").path("pipelines");
		assertThat(names(pipelines)).containsExactlyInAnyOrder("metrics", "logs", "traces");
		for (String section : SECTIONS) {
			Set<String> declared = names(config.path(section));
			Set<String> used = new LinkedHashSet<>();
			pipelines.properties().forEach((pipeline) -> {
				JsonNode list = pipeline.getValue().path(section);
				assertThat(list.isArray() && !list.isEmpty()).as(pipeline.getKey() + " has " + section).isTrue();
				list.forEach((c) -> {
					assertThat(declared).as(pipeline.getKey() + "." + section + " component declared at top level")
						.contains(c.asText());
					used.add(c.asText());
				});
			});
			assertThat(used).as("every declared " + section + " is used by a pipeline")
				.containsExactlyInAnyOrderElementsOf(declared);
		}
		Set<String> extensions = names(config.path("extensions"));
		List<String> enabled = new ArrayList<>();
		config.path("service").path("extensions").forEach((e) -> enabled.add(e.asText()));
		assertThat(enabled).containsExactlyInAnyOrderElementsOf(extensions).contains("health_check");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void processorsRunInTheRecommendedOrder(String overlay) {
		config(overlay).path("service").path("pipelines").properties().forEach((pipeline) -> {
			List<String> processors = new ArrayList<>();
			pipeline.getValue().path("processors").forEach((p) -> processors.add(p.asText()));
			assertThat(processors).as(pipeline.getKey())
				.containsExactly("memory_limiter", "k8sattributes", "resource", "batch");
		});
		JsonNode limiter = config(overlay).path("processors").path("memory_limiter");
		assertThat(limiter.path("limit_mib").asInt()).isPositive();
		// The limiter must trip before the container's memory limit (1Gi) kills the process.
		Container collector = collectorContainer(overlay);
		assertThat(io.fabric8.kubernetes.api.model.Quantity
			.getAmountInBytes(collector.getResources().getLimits().get("memory")).longValue())
			.isGreaterThan(limiter.path("limit_mib").asLong() * 1024 * 1024);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void exportersPointAtRenderedServicesAndNoRemovedComponentIsUsed(String overlay) {
		JsonNode exporters = config(overlay).path("exporters");
		assertThat(names(exporters)).doesNotContain("logging", "loki")
			.contains("prometheusremotewrite", "otlphttp/loki", "otlp/tempo", "debug");
		JsonNode remoteWrite = exporters.path("prometheusremotewrite");
		assertThat(remoteWrite.path("resource_to_telemetry_conversion").path("enabled").asBoolean()).isTrue();
		assertEndpoint(overlay, URI.create(remoteWrite.path("endpoint").asText()), "/api/v1/write");
		assertEndpoint(overlay, URI.create(exporters.path("otlphttp/loki").path("endpoint").asText()), "/otlp");
		URI tempo = URI.create("grpc://" + exporters.path("otlp/tempo").path("endpoint").asText());
		assertThat(tempo.getPort()).isEqualTo(4317);
		assertEndpoint(overlay, tempo, "");
		// Loki's OTLP endpoint and the Tempo OTLP receiver are the ports the backends listen on.
		assertThat(Manifests.yaml(Manifests.configMap(overlay, "observability", "tempo-config").getData()
			.get("config.yaml")).at("/distributor/receivers/otlp/protocols/grpc/endpoint").asText())
			.isEqualTo("0.0.0.0:4317");
		JsonNode loki = Manifests.yaml(Manifests.configMap(overlay, "observability", "loki-config").getData()
			.get("config.yaml"));
		assertThat(loki.at("/server/http_listen_port").asInt()).isEqualTo(3100);
		assertThat(loki.at("/limits_config/allow_structured_metadata").asBoolean()).as("OTLP ingestion").isTrue();
		assertThat(loki.at("/limits_config").has("enforce_metric_name")).as("removed in Loki 3").isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void receiversHealthAndOwnMetricsMatchTheDeploymentAndService(String overlay) {
		JsonNode config = config(overlay);
		Service service = Manifests.find(overlay, Service.class, "observability", "otel-collector").orElseThrow();
		Container container = collectorContainer(overlay);
		for (String protocol : List.of("grpc", "http")) {
			int port = Integer.parseInt(config.at("/receivers/otlp/protocols/" + protocol + "/endpoint").asText()
				.replaceAll(".*:", ""));
			assertThat(port).isEqualTo(protocol.equals("grpc") ? 4317 : 4318);
			assertThat(service.getSpec().getPorts()).anyMatch((p) -> p.getPort() == port);
			assertThat(container.getPorts()).anyMatch((p) -> p.getContainerPort() == port);
		}
		int health = Integer.parseInt(config.at("/extensions/health_check/endpoint").asText().replaceAll(".*:", ""));
		assertThat(container.getPorts()).anyMatch((p) -> p.getName().equals("health") && p.getContainerPort() == health);
		assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
		JsonNode reader = config.at("/service/telemetry/metrics/readers/0/pull/exporter/prometheus");
		int ownMetrics = reader.path("port").asInt();
		assertThat(ownMetrics).isEqualTo(8888);
		assertThat(service.getSpec().getPorts()).anyMatch((p) -> p.getPort() == ownMetrics);
		// Prometheus scrapes the collector's own metrics at that Service port.
		JsonNode prometheus = Manifests.yaml(Manifests.configMap(overlay, "observability", "prometheus-config")
			.getData().get("prometheus.yml"));
		assertThat(prometheus.toString()).contains("otel-collector.observability.svc.cluster.local:" + ownMetrics);
		// The collector's image is pinned to a current contrib release, its config path is the mounted one.
		assertThat(container.getImage()).matches("otel/opentelemetry-collector-contrib:0\\.(1[2-9]\\d)\\.\\d+");
		assertThat(container.getArgs()).containsExactly("--config=/etc/otelcol-contrib/config.yaml");
		assertThat(container.getVolumeMounts()).anyMatch((m) -> m.getMountPath().equals("/etc/otelcol-contrib"));
		// ${env:...} references are satisfied by the container's environment.
		java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$\\{env:([A-Z_]+)}")
			.matcher(rawConfig(overlay));
		while (refs.find()) {
			String name = refs.group(1);
			assertThat(container.getEnv()).as("env " + name).anyMatch((e) -> e.getName().equals(name));
		}
	}

	@Test
	void thePodScrapeJobHonoursTheAnnotationsOurPodsCarry() {
		JsonNode job = config("dev").at("/receivers/prometheus/config/scrape_configs/0");
		String relabel = job.path("relabel_configs").toString();
		assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
				"__meta_kubernetes_pod_annotation_prometheus_io_path",
				"__meta_kubernetes_pod_annotation_prometheus_io_port");
		// $ must be escaped as $$ in the collector (it expands ${...}).
		assertThat(relabel).contains("$$1:$$2");
		assertThat(job.path("scrape_protocols").get(0).asText()).as("exemplars need OpenMetrics").startsWith("OpenMetrics");
	}

	private static void assertEndpoint(String overlay, URI uri, String path) {
		assertThat(Manifests.serviceExists(overlay, uri.getHost(), uri.getPort()))
			.as(uri + " is a rendered Service port").isTrue();
		assertThat(uri.getPath() == null ? "" : uri.getPath()).isEqualTo(path);
	}

	static JsonNode config(String overlay) {
		return Manifests.yaml(rawConfig(overlay));
	}

	private static String rawConfig(String overlay) {
		return Manifests.configMap(overlay, "observability", "otel-collector-config").getData().get("config.yaml");
	}

	private static Container collectorContainer(String overlay) {
		return Manifests.workloads(overlay).stream()
			.filter((w) -> w.object().getMetadata().getName().equals("otel-collector"))
			.findFirst().orElseThrow().template().getSpec().getContainers().get(0);
	}

	private static Set<String> names(JsonNode node) {
		Set<String> names = new LinkedHashSet<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
