package io.llmplatform.system;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

import io.llmplatform.telemetry.test.LocalSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.grafana.LgtmStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite exporting to a real Grafana LGTM stack (collector, Tempo, Prometheus, Loki):
 * the request is found in Tempo by its correlation id, its metrics in Prometheus and its
 * logs in Loki. Needs Docker; skipped where there is none (JUnit reports it as skipped).
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class LgtmStackSystemTests {

	@Container
	static final LgtmStackContainer lgtm = new LgtmStackContainer("grafana/otel-lgtm:0.11.17");

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static LocalSuite suite;

	@BeforeAll
	static void start() throws Exception {
		suite = LocalSuite.start(lgtm.getOtlpHttpUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		if (suite != null) {
			suite.close();
		}
	}

	@Test
	void requestIsFoundInTempoPrometheusAndLoki() throws Exception {
		String correlationId = "lgtm-" + UUID.randomUUID();
		HttpResponse<String> response = suite.predict("quant", "{\"prompt\":\"hello\"}", correlationId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode traces = poll(lgtm.getTempoUrl() + "/api/search?tags="
				+ encode("correlation_id=" + correlationId), (node) -> node.path("traces").size() > 0);
		String traceId = traces.path("traces").get(0).path("traceID").asString();
		JsonNode trace = poll(lgtm.getTempoUrl() + "/api/traces/" + traceId, (node) -> node.toString().contains("team-quant"));
		assertThat(trace.toString()).contains("gateway", "team-quant", "quant-endpoint");
		poll(lgtm.getPrometheusHttpUrl() + "/api/v1/query?query=" + encode("gateway_requests_total{team=\"quant\"}"),
				(node) -> node.path("data").path("result").size() > 0);
		poll(lgtm.getLokiUrl() + "/loki/api/v1/query_range?query=" + encode("{service_name=\"team-quant\"}")
				+ "&limit=100", (node) -> node.toString().contains(traceId));
	}

	private static JsonNode poll(String url, Predicate<JsonNode> done) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		JsonNode last = null;
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				last = json.readTree(response.body());
				if (done.test(last)) {
					return last;
				}
			}
			Thread.sleep(1000);
		}
		throw new AssertionError("Nothing matching at " + url + " within " + WAIT + "; last answer: " + last);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
