package io.llmplatform.k8s;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's pod scrape configuration, taken from the rendered dev overlay, run by the real Prometheus
 * (Debian's package; the collector's {@code prometheus} receiver embeds the same scrape and relabel code). Kubernetes
 * discovery is replaced by file-based discovery whose targets carry the {@code __meta_kubernetes_*} labels that the
 * pod role would give the rendered pods (namespace, name, labels, annotations, container); the pods are stand-ins
 * on loopback: kube-state-metrics serving {@code kube_*} series about a pod of {@code team-quant}, and a team
 * service serving its {@code /actuator/prometheus}. What Prometheus stores is what the collector would remote-write.
 */
class CollectorScrapeTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final String QUANT_POD = "team-quant-7d9f8c6b5-abcde";

	@Test
	void kubeStateMetricsSeriesKeepTheNamespaceAndPodTheyDescribe(@TempDir Path dir) throws Exception {
		Manifests.requireTool("prometheus", "Prometheus runs the collector's scrape configuration (Debian package prometheus)");
		String kubeStateMetrics = """
				# TYPE kube_pod_info gauge
				kube_pod_info{namespace="team-quant",pod="%1$s",node="node-1",created_by_kind="ReplicaSet"} 1
				# TYPE kube_pod_container_status_restarts_total counter
				kube_pod_container_status_restarts_total{namespace="team-quant",pod="%1$s",container="app"} 2
				""".formatted(QUANT_POD);
		String teamService = """
				# TYPE http_server_request_duration_seconds_count counter
				http_server_request_duration_seconds_count{service_name="team-quant",team="quant",http_route="/predict"} 3
				""";
		try (StandIn ksm = StandIn.serve("/metrics", kubeStateMetrics);
				StandIn quant = StandIn.serve("/actuator/prometheus", teamService)) {
			List<ObjectNode> targets = List.of(
					target(pod("dev", "observability", "kube-state-metrics"), ksm.port),
					target(pod("dev", "team-quant", "team-quant"), quant.port));
			try (Prometheus prometheus = Prometheus.start(dir, scrapeConfigs("dev", dir, targets))) {
				prometheus.awaitSeries("kube_pod_info");
				prometheus.awaitSeries("http_server_request_duration_seconds_count");

				List<JsonNode> podInfo = prometheus.series("kube_pod_info");
				assertThat(podInfo).as("kube_pod_info scraped once (one job per target)").hasSize(1);
				JsonNode labels = podInfo.get(0).path("metric");
				assertThat(labels.path("namespace").asText()).as("namespace of kube_pod_info: the pod's, not the exporter's")
					.isEqualTo("team-quant");
				assertThat(labels.path("pod").asText()).isEqualTo(QUANT_POD);
				assertThat(labels.has("exported_namespace")).as("no exported_namespace: the exporter's labels win")
					.isFalse();
				JsonNode restarts = prometheus.series("kube_pod_container_status_restarts_total").get(0).path("metric");
				assertThat(restarts.path("container").asText()).isEqualTo("app");
				assertThat(restarts.path("namespace").asText()).isEqualTo("team-quant");

				// Our own pods still get namespace, pod and container from discovery.
				JsonNode service = prometheus.series("http_server_request_duration_seconds_count").get(0).path("metric");
				assertThat(service.path("namespace").asText()).isEqualTo("team-quant");
				assertThat(service.path("pod").asText()).startsWith("team-quant-");
				assertThat(service.path("container").asText()).isEqualTo("app");
				assertThat(service.path("service_name").asText()).isEqualTo("team-quant");
			}
		}
	}

	/**
	 * Every scrape job, the node-role kubelet and cAdvisor jobs (TLS, bearer token) included, is valid Prometheus
	 * configuration: {@code promtool check config} on the receiver's {@code config} with {@code $$} unescaped,
	 * {@code scrape_protocols} removed (newer than Debian's 2.42) and Kubernetes discovery swapped for file discovery
	 * (Debian builds Prometheus without it); TLS, authorization and relabelling are checked as written.
	 */
	@Test
	void everyScrapeJobIsValidPrometheusConfiguration(@TempDir Path dir) throws Exception {
		Manifests.requireTool("promtool", "promtool check config validates the scrape jobs (Debian package prometheus)");
		ObjectNode config = (ObjectNode) Manifests.yaml(Manifests.YAML
			.writeValueAsString(scrapingCollectorConfig("dev").at("/receivers/prometheus/config"))
			.replace("$$", "$"));
		config.withArray("scrape_configs").forEach((job) -> {
			ObjectNode scrape = (ObjectNode) job;
			scrape.remove("scrape_protocols");
			assertThat(scrape.remove("kubernetes_sd_configs")).as(scrape.path("job_name") + " discovers by Kubernetes")
				.isNotNull();
			scrape.putArray("file_sd_configs").addObject().putArray("files").add(dir.resolve("targets.json").toString());
		});
		Path file = dir.resolve("scrape.yml");
		Files.writeString(file, Manifests.YAML.writeValueAsString(config));
		assertThat(Manifests.run(dir, List.of("promtool", "check", "config", "--syntax-only", file.toString())))
			.contains("SUCCESS");
	}

	/**
	 * The scrape configurations of the collector that runs the {@code prometheus} receiver, as Prometheus 2.42 takes
	 * them: {@code $$} unescaped (the collector's escape of {@code $}), pod discovery replaced by a file of the given
	 * targets, node-role jobs (kubelet, cAdvisor: TLS to the nodes) left out, {@code scrape_protocols} removed
	 * (Prometheus 2.49 added it; it only chooses the exposition format) and the interval shortened to one second.
	 */
	static String scrapeConfigs(String overlay, Path dir, List<ObjectNode> targets) throws IOException {
		Path targetsFile = dir.resolve("pods.json");
		ArrayNode array = Manifests.JSON.createArrayNode();
		targets.forEach(array::add);
		Files.writeString(targetsFile, Manifests.JSON.writeValueAsString(array));
		ArrayNode jobs = Manifests.JSON.createArrayNode();
		for (JsonNode job : scrapingCollectorConfig(overlay).at("/receivers/prometheus/config/scrape_configs")) {
			ObjectNode copy = (ObjectNode) Manifests.yaml(Manifests.YAML.writeValueAsString(job).replace("$$", "$"));
			JsonNode sd = copy.path("kubernetes_sd_configs");
			if (!"pod".equals(sd.path(0).path("role").asText())) {
				continue;
			}
			copy.remove("kubernetes_sd_configs");
			copy.remove("scrape_protocols");
			copy.put("scrape_interval", "1s");
			copy.putArray("file_sd_configs").addObject().putArray("files").add(targetsFile.toString());
			jobs.add(copy);
		}
		ObjectNode config = Manifests.JSON.createObjectNode();
		config.set("scrape_configs", jobs);
		return Manifests.YAML.writeValueAsString(config);
	}

	/** The rendered collector configuration that has the {@code prometheus} receiver (the one that scrapes pods). */
	static JsonNode scrapingCollectorConfig(String overlay) {
		return Manifests.all(overlay, ConfigMap.class).stream()
			.filter((c) -> "observability".equals(c.getMetadata().getNamespace()))
			.filter((c) -> c.getMetadata().getName().startsWith("otel-collector"))
			.map((c) -> Manifests.yaml(c.getData().get("config.yaml")))
			.filter((config) -> config.at("/receivers/prometheus").isObject())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no collector configuration with a prometheus receiver"));
	}

	/** The {@code __meta_kubernetes_*} labels Kubernetes' pod role gives a pod of this Deployment (first container). */
	static Map<String, String> pod(String overlay, String namespace, String deployment) {
		Deployment rendered = Manifests.find(overlay, Deployment.class, namespace, deployment)
			.orElseThrow(() -> new AssertionError("no Deployment " + namespace + "/" + deployment));
		var template = rendered.getSpec().getTemplate();
		Map<String, String> meta = new LinkedHashMap<>();
		meta.put("__meta_kubernetes_namespace", namespace);
		meta.put("__meta_kubernetes_pod_name", deployment.equals("team-quant") ? QUANT_POD : deployment + "-6d5f7b9c4-xk2p9");
		meta.put("__meta_kubernetes_pod_container_name", template.getSpec().getContainers().get(0).getName());
		meta.put("__meta_kubernetes_pod_phase", "Running");
		meta.put("__meta_kubernetes_pod_ready", "true");
		template.getMetadata().getLabels().forEach((k, v) -> {
			meta.put("__meta_kubernetes_pod_label_" + sanitize(k), v);
			meta.put("__meta_kubernetes_pod_labelpresent_" + sanitize(k), "true");
		});
		if (template.getMetadata().getAnnotations() != null) {
			template.getMetadata().getAnnotations().forEach((k, v) -> {
				meta.put("__meta_kubernetes_pod_annotation_" + sanitize(k), v);
				meta.put("__meta_kubernetes_pod_annotationpresent_" + sanitize(k), "true");
			});
		}
		return meta;
	}

	/** A file_sd target for a pod whose stand-in listens on loopback: the port annotation is the stand-in's. */
	static ObjectNode target(Map<String, String> meta, int port) {
		ObjectNode target = Manifests.JSON.createObjectNode();
		target.putArray("targets").add("127.0.0.1:" + port);
		ObjectNode labels = target.putObject("labels");
		meta.forEach(labels::put);
		labels.put("__meta_kubernetes_pod_annotation_prometheus_io_port", String.valueOf(port));
		return target;
	}

	private static String sanitize(String name) {
		return name.replaceAll("[^a-zA-Z0-9_]", "_");
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A pod's metrics endpoint on loopback: one path, one fixed exposition. */
	record StandIn(HttpServer server, int port) implements AutoCloseable {

		static StandIn serve(String path, String exposition) throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext(path, (exchange) -> {
				byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return new StandIn(server, server.getAddress().getPort());
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

	/** Debian's prometheus binary on a free loopback port, with temporary storage. */
	static final class Prometheus implements AutoCloseable {

		private final Process process;

		private final Path log;

		private final int port;

		private Prometheus(Process process, Path log, int port) {
			this.process = process;
			this.log = log;
			this.port = port;
		}

		static Prometheus start(Path dir, String config) throws Exception {
			Path configFile = dir.resolve("prometheus.yml");
			Files.writeString(configFile, config);
			int port = freePort();
			Path log = dir.resolve("prometheus.log");
			Process process = new ProcessBuilder("prometheus", "--config.file=" + configFile,
					"--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
					"--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Prometheus prometheus = new Prometheus(process, log, port);
			try {
				Awaitility.await("Prometheus ready")
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.failFast(() -> !process.isAlive())
					.until(prometheus::ready);
			}
			catch (ConditionTimeoutException | TerminalFailureException ex) {
				prometheus.close();
				throw new AssertionError("Prometheus did not start with\n" + config + "\n" + Files.readString(log));
			}
			return prometheus;
		}

		void awaitSeries(String selector) throws Exception {
			try {
				Awaitility.await(selector)
					.atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> !series(selector).isEmpty());
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("no " + selector + " after 20 s; targets: " + get("/api/v1/targets") + "\n"
						+ Files.readString(this.log));
			}
		}

		List<JsonNode> series(String promql) throws Exception {
			JsonNode answer = Manifests.JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
			assertThat(answer.path("status").asText()).as(promql + ": " + answer).isEqualTo("success");
			List<JsonNode> result = new ArrayList<>();
			answer.at("/data/result").forEach(result::add);
			return result;
		}

		private boolean ready() {
			try {
				HttpResponse<String> response = HTTP.send(request("/-/ready"), HttpResponse.BodyHandlers.ofString());
				return response.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private String get(String path) throws Exception {
			return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
		}

		private HttpRequest request(String path) {
			return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10)).build();
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
