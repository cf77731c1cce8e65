package io.llmplatform.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry Collector configurations as far as they can be checked without the binary (the README says how
 * to run {@code otelcol-contrib validate} with the image): taken from the rendered ConfigMaps of every collector
 * Deployment, parsed, and checked for what makes a collector refuse to start, silently drop data, or write wrong
 * labels; and the two-tier tail-sampling wiring (tier 1 routes spans by trace id to a headless Service of tier 2).
 */
class CollectorConfigTests {

	/** The services' OTLP endpoint: tier 1. */
	static final String TIER_ONE = "otel-collector";

	/** Tail sampling, behind a headless Service of the same name. */
	static final String TIER_TWO = "otel-collector-sampling";

	/** Scraping, cluster state, events: one replica. */
	static final String CLUSTER = "otel-collector-cluster";

	/**
	 * Component types renamed to lower_snake_case in the collector (core 0.144: {@code otlp} and {@code otlphttp}
	 * exporters) and contrib (k8s_attributes, prometheus_remote_write 0.154, load_balancing, span_metrics, k8s_objects,
	 * kubelet_stats): the old names are deprecated aliases in 0.165 (they start, with a warning, until removed); and
	 * components removed outright ({@code logging}, {@code loki}).
	 */
	private static final Map<String, Set<String>> OUTDATED_TYPES = Map.of(
			"exporters", Set.of("otlp", "otlphttp", "prometheusremotewrite", "loadbalancing", "logging", "loki"),
			"processors", Set.of("k8sattributes"),
			"receivers", Set.of("k8sobjects", "kubeletstats"),
			"connectors", Set.of("spanmetrics"));

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void everyPipelineComponentIsDeclaredAndEveryDeclaredComponentIsUsed(String overlay) {
		collectors(overlay).forEach((collector, config) -> {
			JsonNode pipelines = config.path("service").path("pipelines");
			assertThat(pipelines.size()).as(collector + " has pipelines").isPositive();
			Set<String> connectors = names(config.path("connectors"));
			Set<String> usedConnectors = new LinkedHashSet<>();
			for (String section : List.of("receivers", "processors", "exporters")) {
				Set<String> declared = names(config.path(section));
				Set<String> used = new LinkedHashSet<>();
				pipelines.properties().forEach((pipeline) -> {
					JsonNode list = pipeline.getValue().path(section);
					if (!section.equals("processors") || list.isArray()) {
						assertThat(list.isArray() && !list.isEmpty()).as(collector + " " + pipeline.getKey() + " has " + section)
							.isTrue();
					}
					list.forEach((c) -> {
						String id = c.asText();
						if (!section.equals("processors") && connectors.contains(id)) {
							usedConnectors.add(section + ":" + id);
							return;
						}
						assertThat(declared).as(collector + " " + pipeline.getKey() + "." + section + " " + id + " declared")
							.contains(id);
						used.add(id);
					});
				});
				assertThat(used).as(collector + ": every declared " + section + " is used by a pipeline")
					.containsExactlyInAnyOrderElementsOf(declared);
			}
			for (String connector : connectors) {
				assertThat(usedConnectors).as(collector + ": connector " + connector + " ends one pipeline and starts another")
					.contains("exporters:" + connector, "receivers:" + connector);
			}
			Set<String> extensions = names(config.path("extensions"));
			List<String> enabled = new ArrayList<>();
			config.path("service").path("extensions").forEach((e) -> enabled.add(e.asText()));
			assertThat(enabled).as(collector).containsExactlyInAnyOrderElementsOf(extensions).contains("health_check");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void componentsAreNamedAsCollector0165NamesThemNotByDeprecatedAliases(String overlay) {
		collectors(overlay).forEach((collector, config) -> OUTDATED_TYPES.forEach((section, outdated) -> {
			for (String id : names(config.path(section))) {
				assertThat(outdated).as(collector + " " + section + " " + id + ": deprecated or removed type")
					.doesNotContain(id.replaceAll("/.*", ""));
			}
		}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void processorsLimitMemoryFirstAndBatchLast(String overlay) {
		collectors(overlay).forEach((collector, config) -> {
			config.path("service").path("pipelines").properties().forEach((pipeline) -> {
				List<String> processors = new ArrayList<>();
				pipeline.getValue().path("processors").forEach((p) -> processors.add(p.asText()));
				assertThat(processors).as(collector + " " + pipeline.getKey()).startsWith("memory_limiter").endsWith("batch");
			});
			JsonNode limiter = config.path("processors").path("memory_limiter");
			// The limiter must trip before the container's memory limit kills the process.
			Container container = container(overlay, collector);
			assertThat(io.fabric8.kubernetes.api.model.Quantity
				.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue())
				.as(collector).isGreaterThan(limiter.path("limit_mib").asLong() * 1024 * 1024);
			assertThat(limiter.path("limit_mib").asInt()).isPositive();
		});
		List<String> tierOne = processors(config(overlay, TIER_ONE), "traces");
		assertThat(tierOne).as("tier 1 enriches spans before they leave").contains("k8s_attributes", "resource")
			.doesNotContain("tail_sampling");
		assertThat(processors(config(overlay, TIER_TWO), "traces")).containsExactly("memory_limiter", "tail_sampling", "batch");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void exportersPointAtRenderedServices(String overlay) {
		collectors(overlay).forEach((collector, config) -> config.path("exporters").properties().forEach((exporter) -> {
			String type = exporter.getKey().replaceAll("/.*", "");
			JsonNode settings = exporter.getValue();
			switch (type) {
				case "prometheus_remote_write" -> assertEndpoint(overlay, URI.create(settings.path("endpoint").asText()),
						"/api/v1/write");
				case "otlp_http" -> assertEndpoint(overlay, URI.create(settings.path("endpoint").asText()), "/otlp");
				case "otlp_grpc" -> {
					URI uri = URI.create("grpc://" + settings.path("endpoint").asText());
					assertThat(uri.getPort()).isEqualTo(4317);
					assertEndpoint(overlay, uri, "");
				}
				case "load_balancing" -> {
					JsonNode dns = settings.at("/resolver/dns");
					assertThat(Manifests.serviceExists(overlay, dns.path("hostname").asText(), dns.path("port").asInt()))
						.as(collector + " load_balancing resolver " + dns).isTrue();
				}
				case "debug" -> assertThat(settings.path("verbosity").asText()).isEqualTo("basic");
				default -> throw new AssertionError(collector + ": an exporter this test does not know: " + exporter.getKey());
			}
		}));
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

	/**
	 * The prometheus receiver names the resource of what it scrapes after the job ({@code service.name=kubernetes-pods}),
	 * and {@code resource_to_telemetry_conversion} would add that as {@code service_name} to series that already carry
	 * their service's {@code service_name}: remote write joins the two, {@code service_name="kubernetes-pods;gateway"}.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void scrapedSeriesKeepTheirOwnServiceName(String overlay) {
		int scrapingPipelines = 0;
		for (var collector : collectors(overlay).entrySet()) {
			JsonNode config = collector.getValue();
			for (var pipeline : iterable(config.path("service").path("pipelines"))) {
				if (!contains(pipeline.getValue().path("receivers"), "prometheus")) {
					continue;
				}
				scrapingPipelines++;
				for (JsonNode exporter : pipeline.getValue().path("exporters")) {
					JsonNode settings = config.path("exporters").path(exporter.asText());
					assertThat(settings.at("/resource_to_telemetry_conversion/enabled").asBoolean(false))
						.as(collector.getKey() + " " + pipeline.getKey() + " -> " + exporter.asText()
								+ ": scraped series with the scrape job's resource turned into labels")
						.isFalse();
				}
			}
		}
		assertThat(scrapingPipelines).as("pipelines with the prometheus receiver").isEqualTo(1);
		// The OTLP path still converts: there the resource is the service's own.
		JsonNode tierOne = config(overlay, TIER_ONE);
		assertThat(tierOne.at("/exporters/prometheus_remote_write/resource_to_telemetry_conversion/enabled").asBoolean())
			.isTrue();
	}

	@Test
	void kubeletAndCadvisorAreScrapedOnEveryNode() {
		JsonNode jobs = CollectorScrapeTests.scrapingCollectorConfig("dev").at("/receivers/prometheus/config/scrape_configs");
		Map<String, String> nodeJobs = new LinkedHashMap<>();
		jobs.forEach((job) -> {
			if ("node".equals(job.at("/kubernetes_sd_configs/0/role").asText())) {
				nodeJobs.put(job.path("metrics_path").asText("/metrics"), job.path("job_name").asText());
				assertThat(job.path("scheme").asText()).isEqualTo("https");
				assertThat(job.at("/authorization/credentials_file").asText())
					.isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
			}
		});
		assertThat(nodeJobs).as("kubelet (/metrics) and cAdvisor (/metrics/cadvisor) jobs").containsKeys("/metrics",
				"/metrics/cadvisor");
		assertThat(clusterRules("dev", scrapingCollector("dev"))).as("the kubelet authorizes the scrape with nodes/metrics")
			.anyMatch((rule) -> rule.getResources().contains("nodes/metrics") && rule.getVerbs().contains("get"));
	}

	@Test
	void kubernetesEventsGoToLoki() {
		String found = null;
		for (var collector : collectors("dev").entrySet()) {
			JsonNode config = collector.getValue();
			for (var pipeline : iterable(config.path("service").path("pipelines"))) {
				if (!pipeline.getKey().startsWith("logs") || !contains(pipeline.getValue().path("receivers"), "k8s_events")) {
					continue;
				}
				found = collector.getKey();
				List<String> exporters = new ArrayList<>();
				pipeline.getValue().path("exporters").forEach((e) -> exporters.add(e.asText()));
				assertThat(exporters).anyMatch((e) -> e.startsWith("otlp_http") && config.path("exporters").path(e)
					.path("endpoint").asText().startsWith("http://loki.observability.svc.cluster.local:3100/"));
				// The receiver puts the namespace on the log record; Loki indexes resource attributes only, and the
				// dashboards select {k8s_namespace_name=~...}: a processor of this pipeline copies it to the resource.
				String copiesNamespace = "set(resource.attributes[\"k8s.namespace.name\"], attributes[\"k8s.namespace.name\"])";
				assertThat(pipeline.getValue().path("processors").toString()).as("events pipeline processors")
					.contains("transform/");
				List<String> statements = new ArrayList<>();
				pipeline.getValue().path("processors").forEach((p) -> config.path("processors").path(p.asText())
					.path("log_statements").forEach((group) -> group.path("statements")
						.forEach((statement) -> statements.add(statement.asText()))));
				assertThat(statements).as("statements of the events pipeline").contains(copiesNamespace);
			}
		}
		assertThat(found).as("a logs pipeline from the k8s_events receiver (\"exceeded quota\" is an event)").isNotNull();
		assertThat(clusterRules("dev", found)).as("events can be watched")
			.anyMatch((rule) -> rule.getResources().contains("events") && rule.getVerbs().contains("watch"));
	}

	/** Tier 1 computes span metrics from every span and routes spans by trace id to tier 2, which samples. */
	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void spansGoByTraceIdFromTierOneToTheHeadlessServiceOfTierTwo(String overlay) {
		assertThat(collectors(overlay).keySet()).containsExactlyInAnyOrder(TIER_ONE, TIER_TWO, CLUSTER);
		JsonNode tierOne = config(overlay, TIER_ONE);
		List<String> traceExporters = new ArrayList<>();
		tierOne.at("/service/pipelines/traces/exporters").forEach((e) -> traceExporters.add(e.asText()));
		assertThat(traceExporters).as("tier 1 traces: span metrics (before sampling) and load balancing only")
			.containsExactlyInAnyOrder("span_metrics", "load_balancing");
		assertThat(tierOne.at("/connectors/span_metrics").isObject()).isTrue();
		boolean spanMetricsExported = false;
		for (var pipeline : iterable(tierOne.path("service").path("pipelines"))) {
			if (pipeline.getKey().startsWith("metrics") && contains(pipeline.getValue().path("receivers"), "span_metrics")) {
				spanMetricsExported = contains(pipeline.getValue().path("exporters"), "prometheus_remote_write");
			}
		}
		assertThat(spanMetricsExported).as("span metrics reach Prometheus").isTrue();
		JsonNode loadBalancing = tierOne.at("/exporters/load_balancing");
		assertThat(loadBalancing.path("routing_key").asText()).isEqualTo("traceID");
		assertThat(loadBalancing.at("/protocol/otlp").isObject()).isTrue();

		String hostname = loadBalancing.at("/resolver/dns/hostname").asText();
		int port = loadBalancing.at("/resolver/dns/port").asInt();
		Service headless = Manifests.find(overlay, Service.class, "observability", hostname.split("\\.")[0]).orElseThrow();
		assertThat(headless.getSpec().getClusterIP()).as("the resolver needs every pod's IP: a headless Service")
			.isEqualTo("None");
		assertThat(headless.getMetadata().getName()).isEqualTo(TIER_TWO);
		assertThat(headless.getSpec().getPorts()).anyMatch((p) -> p.getPort() == port);
		Deployment tierTwo = deployment(overlay, TIER_TWO);
		assertThat(tierTwo.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(headless.getSpec().getSelector());
		assertThat(port).as("the tier-2 OTLP gRPC receiver")
			.isEqualTo(port(config(overlay, TIER_TWO).at("/receivers/otlp/protocols/grpc/endpoint").asText()));
		assertThat(config(overlay, TIER_TWO).at("/service/pipelines/traces/exporters").toString()).contains("otlp_grpc/tempo");

		assertThat(deployment(overlay, TIER_ONE).getSpec().getReplicas()).as("tier 1: seed 000's two replicas").isEqualTo(2);
		assertThat(tierTwo.getSpec().getReplicas()).as("tier 2 shares traces between replicas").isGreaterThanOrEqualTo(2);
		assertThat(deployment(overlay, CLUSTER).getSpec().getReplicas()).as("scraping and events: exactly once").isEqualTo(1);
		// Two tier-1 replicas write span metrics with the same labels unless each adds its own.
		assertThat(tierOne.toString()).contains("${env:K8S_POD_NAME}");
	}

	/**
	 * The policy as data: a trace is kept when any policy says so (the processor ORs them). Every error trace, every
	 * trace slower than the threshold (at most HighLatency's p95 threshold, so the traces behind that alert are kept),
	 * and 10 % of the rest; no policy that drops or inverts.
	 */
	@Test
	void tailSamplingKeepsErrorsSlowTracesAndATenthOfTheRest() throws Exception {
		JsonNode sampling = config("dev", TIER_TWO).at("/processors/tail_sampling");
		Map<String, JsonNode> byType = new LinkedHashMap<>();
		sampling.path("policies").forEach((policy) -> byType.put(policy.path("type").asText(), policy));
		assertThat(byType.keySet()).containsExactlyInAnyOrder("status_code", "latency", "probabilistic");
		assertThat(byType.get("status_code").at("/status_code/status_codes").toString()).isEqualTo("[\"ERROR\"]");
		assertThat(byType.get("probabilistic").at("/probabilistic/sampling_percentage").asDouble()).isEqualTo(10.0);
		long thresholdMs = byType.get("latency").at("/latency/threshold_ms").asLong();
		assertThat(thresholdMs).isPositive();

		String platformAlerts = java.nio.file.Files.readString(Manifests.grafanaDir().resolve("alerts/platform-alerts.yaml"));
		Matcher highLatency = Pattern.compile("alert: HighLatency\\s+expr: \\|[^>]*?\\)\\s*>\\s*([0-9.]+)", Pattern.DOTALL)
			.matcher(platformAlerts);
		assertThat(highLatency.find()).as("HighLatency's threshold in grafana/alerts/platform-alerts.yaml").isTrue();
		assertThat(thresholdMs).as("slow-trace threshold (ms) vs HighLatency (s)")
			.isLessThanOrEqualTo((long) (Double.parseDouble(highLatency.group(1)) * 1000));
		// A trace is decided only after decision_wait: longer than the gateway's slowest answers.
		assertThat(sampling.path("decision_wait").asText()).matches("\\d+s");
		assertThat(Integer.parseInt(sampling.path("decision_wait").asText().replace("s", ""))).isGreaterThanOrEqualTo(10);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void servicesExportEverySpan(String overlay) {
		Manifests.workloads(overlay).stream()
			.filter((w) -> "service".equals(w.label("app.kubernetes.io/component")))
			.forEach((w) -> assertThat(w.template().getSpec().getContainers().get(0).getEnv())
				.as(w.id() + ": 100 % of spans to the collector, which samples by tail")
				.anyMatch((e) -> e.getName().equals("PLATFORM_TELEMETRY_SAMPLING_PROBABILITY") && "1.0".equals(e.getValue())));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "eks" })
	void receiversHealthAndOwnMetricsMatchTheDeploymentsAndServices(String overlay) {
		JsonNode prometheus = Manifests.yaml(Manifests.configMap(overlay, "observability", "prometheus-config")
			.getData().get("prometheus.yml"));
		collectors(overlay).forEach((collector, config) -> {
			Container container = container(overlay, collector);
			JsonNode protocols = config.at("/receivers/otlp/protocols");
			Service service = Manifests.find(overlay, Service.class, "observability", collector).orElseThrow();
			protocols.properties().forEach((protocol) -> {
				int port = port(protocol.getValue().path("endpoint").asText());
				assertThat(port).isEqualTo(protocol.getKey().equals("grpc") ? 4317 : 4318);
				assertThat(service.getSpec().getPorts()).as(collector).anyMatch((p) -> p.getPort() == port);
				assertThat(container.getPorts()).as(collector).anyMatch((p) -> p.getContainerPort() == port);
			});
			int health = port(config.at("/extensions/health_check/endpoint").asText());
			assertThat(container.getPorts()).anyMatch((p) -> p.getName().equals("health") && p.getContainerPort() == health);
			assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
			assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
			int ownMetrics = config.at("/service/telemetry/metrics/readers/0/pull/exporter/prometheus/port").asInt();
			assertThat(ownMetrics).isEqualTo(8888);
			assertThat(container.getPorts()).anyMatch((p) -> p.getContainerPort() == ownMetrics);
			// Own metrics: scraped through the pod annotations, or by Prometheus itself for the scraper.
			Map<String, String> annotations = deployment(overlay, collector).getSpec().getTemplate().getMetadata()
				.getAnnotations();
			boolean annotated = annotations != null && "true".equals(annotations.get("prometheus.io/scrape"))
					&& String.valueOf(ownMetrics).equals(annotations.get("prometheus.io/port"));
			boolean scrapedByPrometheus = prometheus.toString()
				.contains(collector + ".observability.svc.cluster.local:" + ownMetrics);
			assertThat(annotated || scrapedByPrometheus).as(collector + " own metrics are scraped").isTrue();
			if (scrapedByPrometheus) {
				assertThat(service.getSpec().getPorts()).anyMatch((p) -> p.getPort() == ownMetrics);
			}
			// Pinned to a current contrib release; the config path is the mounted one.
			assertThat(container.getImage()).matches("otel/opentelemetry-collector-contrib:0\\.(1[2-9]\\d)\\.\\d+");
			assertThat(container.getArgs()).containsExactly("--config=/etc/otelcol-contrib/config.yaml");
			assertThat(container.getVolumeMounts()).anyMatch((m) -> m.getMountPath().equals("/etc/otelcol-contrib"));
			// ${env:...} references are satisfied by the container's environment.
			Matcher refs = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}").matcher(config.toString());
			while (refs.find()) {
				String name = refs.group(1);
				assertThat(container.getEnv()).as(collector + " env " + name).anyMatch((e) -> e.getName().equals(name));
			}
		});
		assertThat(prometheus.toString()).as("Prometheus watches the scraping collector")
			.contains(CLUSTER + ".observability.svc.cluster.local:8888");
	}

	@Test
	void thePodScrapeJobHonoursTheAnnotationsOurPodsCarry() {
		JsonNode jobs = CollectorScrapeTests.scrapingCollectorConfig("dev").at("/receivers/prometheus/config/scrape_configs");
		JsonNode pods = null;
		for (JsonNode job : jobs) {
			if (job.path("job_name").asText().equals("kubernetes-pods")) {
				pods = job;
			}
		}
		assertThat(pods).as("job kubernetes-pods").isNotNull();
		String relabel = pods.path("relabel_configs").toString();
		assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
				"__meta_kubernetes_pod_annotation_prometheus_io_path",
				"__meta_kubernetes_pod_annotation_prometheus_io_port");
		// $ must be escaped as $$ in the collector (it expands ${...}).
		assertThat(relabel).contains("$$1:$$2");
		assertThat(pods.path("scrape_protocols").get(0).asText()).as("exemplars need OpenMetrics").startsWith("OpenMetrics");
	}

	private static void assertEndpoint(String overlay, URI uri, String path) {
		assertThat(Manifests.serviceExists(overlay, uri.getHost(), uri.getPort()))
			.as(uri + " is a rendered Service port").isTrue();
		assertThat(uri.getPath() == null ? "" : uri.getPath()).isEqualTo(path);
	}

	/** Every collector Deployment of the overlay with its parsed configuration (from the ConfigMap it mounts). */
	static Map<String, JsonNode> collectors(String overlay) {
		Map<String, JsonNode> collectors = new LinkedHashMap<>();
		for (Deployment deployment : Manifests.all(overlay, Deployment.class)) {
			var spec = deployment.getSpec().getTemplate().getSpec();
			if (!spec.getContainers().get(0).getImage().startsWith("otel/opentelemetry-collector")) {
				continue;
			}
			String configMap = spec.getVolumes().stream().filter((v) -> v.getName().equals("config")).findFirst()
				.orElseThrow().getConfigMap().getName();
			collectors.put(deployment.getMetadata().getName(), Manifests.yaml(Manifests.all(overlay,
					io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
				.filter((c) -> c.getMetadata().getName().equals(configMap)).findFirst().orElseThrow()
				.getData().get("config.yaml")));
		}
		assertThat(collectors).as("collectors of " + overlay).isNotEmpty();
		return collectors;
	}

	static JsonNode config(String overlay, String collector) {
		JsonNode config = collectors(overlay).get(collector);
		assertThat(config).as("collector Deployment " + collector + " in " + overlay).isNotNull();
		return config;
	}

	/** The collector that runs the prometheus receiver. */
	static String scrapingCollector(String overlay) {
		return collectors(overlay).entrySet().stream()
			.filter((c) -> c.getValue().at("/receivers/prometheus").isObject())
			.map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no collector scrapes"));
	}

	private static Deployment deployment(String overlay, String name) {
		return Manifests.find(overlay, Deployment.class, "observability", name).orElseThrow();
	}

	private static Container container(String overlay, String collector) {
		return deployment(overlay, collector).getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	private static List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> clusterRules(String overlay, String collector) {
		String account = deployment(overlay, collector).getSpec().getTemplate().getSpec().getServiceAccountName();
		List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = new ArrayList<>();
		for (ClusterRoleBinding binding : Manifests.all(overlay, ClusterRoleBinding.class)) {
			if (binding.getSubjects().stream().anyMatch((s) -> account.equals(s.getName()))) {
				Manifests.find(overlay, ClusterRole.class, null, binding.getRoleRef().getName())
					.ifPresent((role) -> rules.addAll(role.getRules()));
			}
		}
		return rules;
	}

	private static List<String> processors(JsonNode config, String pipeline) {
		List<String> processors = new ArrayList<>();
		config.path("service").path("pipelines").path(pipeline).path("processors").forEach((p) -> processors.add(p.asText()));
		return processors;
	}

	private static int port(String endpoint) {
		return Integer.parseInt(endpoint.replaceAll(".*:", ""));
	}

	private static boolean contains(JsonNode array, String value) {
		for (JsonNode item : array) {
			if (item.asText().equals(value)) {
				return true;
			}
		}
		return false;
	}

	private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
		return object::fields;
	}

	private static Set<String> names(JsonNode node) {
		Set<String> names = new LinkedHashSet<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

}
