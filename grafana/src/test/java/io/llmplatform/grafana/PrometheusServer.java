package io.llmplatform.grafana;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmplatform.telemetry.test.JavaProcess;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code prometheus} binary of Debian's package on a free loopback port, with a temporary storage folder,
 * the given configuration, and exemplar storage on; and the few calls of its HTTP API the tests make.
 */
final class PrometheusServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path log;

	final int port;

	private PrometheusServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	static PrometheusServer start(Path binary, Path config, Path workDir) throws Exception {
		int port = JavaProcess.freePort();
		Path log = workDir.resolve("prometheus.log");
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("data")),
				"--storage.tsdb.retention.time=1h", "--web.listen-address=127.0.0.1:" + port,
				"--enable-feature=exemplar-storage", "--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, log, port);
		try {
			Awaitility.await("Prometheus ready")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.failFast(() -> !process.isAlive())
				.until(server::isReady);
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			server.close();
			throw new IllegalStateException("Prometheus did not start:\n" + server.log());
		}
		return server;
	}

	private boolean isReady() {
		try {
			return get("/-/ready").statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** An instant query at the server's now; the whole answer (status, data.resultType, data.result). */
	JsonNode query(String promql) throws Exception {
		return json("/api/v1/query?query=" + encode(promql));
	}

	/** The samples of an instant query: its vector's elements, a scalar as one element; errors throw. */
	List<JsonNode> samples(String promql) throws Exception {
		JsonNode answer = query(promql);
		if (!"success".equals(answer.path("status").asString())) {
			throw new IllegalStateException(promql + ": " + answer);
		}
		JsonNode result = answer.path("data").path("result");
		List<JsonNode> samples = new ArrayList<>();
		if ("scalar".equals(answer.path("data").path("resultType").asString())) {
			samples.add(answer.path("data"));
		}
		else {
			result.forEach(samples::add);
		}
		return samples;
	}

	JsonNode alerts() throws Exception {
		return json("/api/v1/alerts").path("data").path("alerts");
	}

	JsonNode targets() throws Exception {
		return json("/api/v1/targets?state=active").path("data").path("activeTargets");
	}

	JsonNode labelValues(String label, String match, Instant start) throws Exception {
		return json("/api/v1/label/" + encode(label) + "/values?match[]=" + encode(match) + "&start="
				+ start.getEpochSecond() + "&end=" + Instant.now().getEpochSecond())
			.path("data");
	}

	JsonNode exemplars(String promql, Instant start) throws Exception {
		return json("/api/v1/query_exemplars?query=" + encode(promql) + "&start=" + start.getEpochSecond() + "&end="
				+ (Instant.now().getEpochSecond() + 1))
			.path("data");
	}

	private JsonNode json(String path) throws Exception {
		return GrafanaFiles.JSON.readTree(get(path).body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	String log() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
