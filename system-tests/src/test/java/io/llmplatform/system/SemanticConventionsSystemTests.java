package io.llmplatform.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.SemanticConventionsChecker;
import io.llmplatform.telemetry.test.SemanticConventionsChecker.Violation;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full requests (gateway → team → model; streamed and not; answered and failed by the model),
 * then every span, metric data point and log record that the suite exported over OTLP
 * checked against the pinned semantic-conventions registry in telemetry-test-support
 * ({@code semconv/README.md}): no unregistered key in a registered namespace, no wrong type,
 * no deprecated key, no missing required attribute. Also: one SERVER span per service per
 * request, and no trace of the actuator requests made meanwhile.
 */
class SemanticConventionsSystemTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static OtlpReceiver receiver;

	private static LocalSuite suite;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		receiver = resources.add(OtlpReceiver.start());
		suite = resources.add(LocalSuite.start(receiver.endpoint()));
	}

	@Test
	void everythingExportedFollowsThePinnedSemanticConventions() throws Exception {
		warmUp();
		Map<String, String> requests = new LinkedHashMap<>();
		requests.put(this.request("quant", "{\"prompt\":\"What is quantization?\",\"max_tokens\":32}", 200), "quant");
		requests.put(this.request("eval", "{\"prompt\":\"Name a prime number.\",\"stream\":true}", 200), "eval");
		suite.fault("finetune-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
		requests.put(this.request("finetune",
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Summarise LoRA.\"}],\"max_tokens\":32,\"stream\":true}",
				200), "finetune");
		suite.fault("quant-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
		requests.put(this.request("quant", "{\"prompt\":\"x\"}", 502), "quant");
		suite.fault("llm-baseline", "{\"errorRates\":{\"model_error\":1.0}}");
		requests.put(this.request("eval", "{\"prompt\":\"x\",\"stream\":true}", 0), "eval");
		suite.clearFaults();
		List<String> actuatorPaths = probeActuators();
		// Not actuator: on the gateway's main port /actuator/** is a 404 problem, and traced as any request.
		suite.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + suite.gatewayPort + "/actuator/health"))
			.header("X-Correlation-ID", "semconv-main-port-actuator")
			.GET()
			.build());

		Map<String, String> serverSpanCounts = new LinkedHashMap<>();
		for (Map.Entry<String, String> request : requests.entrySet()) {
			List<ReceivedSpan> trace = awaitTrace(request.getKey(), "team-" + request.getValue());
			Map<String, Long> serverSpans = trace.stream()
				.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
				.collect(Collectors.groupingBy((span) -> span.resourceAttribute("service.name"),
						Collectors.counting()));
			if (!serverSpans.equals(Map.of("gateway", 1L, "team-" + request.getValue(), 1L))) {
				serverSpanCounts.put(request.getKey(), serverSpans + " in " + describe(trace));
			}
		}
		boolean metricsArrived = receiver.await(WAIT, receiver::metrics, (metrics) -> metrics.stream()
			.map((metric) -> metric.metric().getName())
			.collect(Collectors.toSet())
			.containsAll(Set.of("http.server.request.duration", "http.client.request.duration",
					"gen_ai.client.operation.duration", "gen_ai.client.token.usage")));
		Thread.sleep(1500);

		List<Violation> violations = new SemanticConventionsChecker().check(receiver);
		violations.forEach((violation) -> System.out.println("semconv: " + violation));
		assertThat(this.statuses).as("answers").allSatisfy((status) -> assertThat(status).isTrue());
		assertThat(metricsArrived)
			.as("metrics received: %s",
					receiver.metrics().stream().map((metric) -> metric.metric().getName()).distinct().toList())
			.isTrue();
		assertThat(serverSpanCounts).as("requests without exactly one SERVER span per service").isEmpty();
		assertThat(receiver.spans()).as("spans of actuator requests %s", actuatorPaths)
			.noneMatch((span) -> String.valueOf(span.attribute("url.path")).startsWith("/actuator")
					&& !"semconv-main-port-actuator".equals(span.attribute("correlation_id")));
		assertThat(receiver.spans()).as("the gateway's main-port /actuator/health, which is no actuator, is traced")
			.anyMatch((span) -> "semconv-main-port-actuator".equals(span.attribute("correlation_id")));
		assertThat(violations).as("semantic-conventions violations (key, span or metric, service):%n%s",
				violations.stream().map(Violation::toString).collect(Collectors.joining("\n")))
			.isEmpty();
	}

	private final List<Boolean> statuses = new ArrayList<>();

	/**
	 * Sends a predict request; returns its correlation id. Whether the status is the expected
	 * one is asserted after the telemetry check, so that a failure shows both. A status of 0
	 * accepts any answer.
	 */
	private String request(String team, String body, int status) throws Exception {
		String correlationId = "semconv-" + UUID.randomUUID();
		HttpResponse<String> response = suite.predict(team, body, correlationId);
		boolean expected = status == 0 || response.statusCode() == status;
		if (!expected) {
			System.out.println("semconv: " + team + " answered " + response.statusCode() + ", expected " + status
					+ ": " + response.body());
		}
		this.statuses.add(expected);
		return correlationId;
	}

	/** One request per team first: cold JVMs on a busy machine may pass the gateway's timeouts. */
	private static void warmUp() throws Exception {
		for (String team : LocalSuite.TEAMS) {
			suite.predict(team, "{\"prompt\":\"warm up\"}", "semconv-warm-up-" + team);
		}
	}

	/** Health and Prometheus on every management port. */
	private static List<String> probeActuators() throws Exception {
		List<String> urls = new ArrayList<>();
		urls.add("http://127.0.0.1:" + suite.gatewayManagementPort + "/actuator/health");
		urls.add("http://127.0.0.1:" + suite.gatewayManagementPort + "/actuator/prometheus");
		for (int port : suite.teamManagementPorts.values()) {
			urls.add("http://127.0.0.1:" + port + "/actuator/health");
		}
		for (String url : urls) {
			suite.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
		}
		return urls;
	}

	/** The trace rooted at the gateway SERVER span of this request, once the team's SERVER span is in. */
	private static List<ReceivedSpan> awaitTrace(String correlationId, String team) {
		assertThat(receiver.await(WAIT, receiver::spans, (all) -> trace(all, correlationId).stream()
			.anyMatch((span) -> team.equals(span.resourceAttribute("service.name"))
					&& span.span().getKind() == SpanKind.SPAN_KIND_SERVER)))
			.as("trace of %s reaching %s", correlationId, team)
			.isTrue();
		return trace(receiver.spans(), correlationId);
	}

	private static List<ReceivedSpan> trace(List<ReceivedSpan> all, String correlationId) {
		return all.stream()
			.filter((span) -> "gateway".equals(span.resourceAttribute("service.name"))
					&& span.span().getKind() == SpanKind.SPAN_KIND_SERVER
					&& correlationId.equals(span.attribute("correlation_id")))
			.findFirst()
			.map((root) -> all.stream().filter((span) -> span.traceId().equals(root.traceId())).toList())
			.orElse(List.of());
	}

	private static String describe(List<ReceivedSpan> trace) {
		return trace.stream()
			.map((span) -> span.resourceAttribute("service.name") + ":" + span.span().getKind() + ":"
					+ span.span().getName())
			.collect(Collectors.joining(", "));
	}

}
