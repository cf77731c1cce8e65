package io.llmplatform.team;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmplatform.simulator.ModelSimulatorApplication;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards of a team service's model calls against the model simulator, with telemetry read
 * as it leaves the process: the deadline header bounds a hung call, a prompt beyond the context
 * is the caller's 422 and never opens a breaker, server faults open it and it admits traffic
 * again after its wait in open, retries are events on the request's span.
 */
class ModelResilienceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(1);

	/** Opens the simulator's admin API. */
	private static final String ADMIN_KEY = ApiKeys.generate();

	private static ConfigurableApplicationContext simulator;

	private static ConfigurableApplicationContext team;

	private static OtlpReceiver receiver;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		receiver = resources.add(OtlpReceiver.start());
		simulator = resources.add(new SpringApplicationBuilder(ModelSimulatorApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--platform.telemetry.otlp.enabled=false",
					"--simulator.admin.api-key-sha256=" + ApiKeys.sha256Hex(ADMIN_KEY)));
		String simulatorUrl = "http://127.0.0.1:" + port(simulator);
		team = resources.add(new SpringApplicationBuilder(TestTeam.class).run("--server.port=0", "--spring.application.name=team-test",
				"--platform.telemetry.team=test", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
				"--otel.bsp.schedule.delay=100",
				"--platform.team.endpoint=quant-endpoint", "--platform.sagemaker.endpoint-override=" + simulatorUrl,
				"--platform.sagemaker.credentials.access-key-id=test",
				"--platform.sagemaker.credentials.secret-access-key=test", "--vllm.client.base-url=" + simulatorUrl,
				"--platform.team.resilience.sagemaker.circuit-breaker.sliding-window-size=4",
				"--platform.team.resilience.sagemaker.circuit-breaker.minimum-number-of-calls=4",
				"--platform.team.resilience.sagemaker.circuit-breaker.wait-duration-in-open-state="
						+ WAIT_IN_OPEN.toMillis() + "ms",
				"--platform.team.resilience.sagemaker.retry.max-attempts=3",
				"--platform.team.resilience.sagemaker.retry.initial-backoff=20ms"));
	}

	@AfterEach
	void reset() throws Exception {
		http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(simulator) + "/admin/faults"))
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.discarding());
		breaker().reset();
	}

	@Test
	void theDeadlineHeaderBoundsAHungModelCallAndTheAnswerNamesTheModel() throws Exception {
		fault("{\"hangRate\":1.0,\"hangMaxMs\":20000}");
		long start = System.nanoTime();
		HttpResponse<String> response = post("{\"prompt\":\"x\"}", "c-deadline", "1000");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		JsonNode problem = problem(response, 504);
		assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.MODEL_TIMEOUT.toString());
		assertThat(problem.get("model").asString()).isEqualTo("quant-endpoint");
		assertThat(problem.get("errorType").asString()).isEqualTo("timeout");
		// Answered inside the caller's deadline (less the response margin), not after the SDK's 30 s.
		assertThat(took).isLessThan(Duration.ofMillis(1000 + 500));
	}

	@Test
	void aPromptBeyondTheContextIsA422AndNeverOpensTheBreaker() throws Exception {
		String tooLong = "{\"prompt\":\"" + ". ".repeat(9000) + "\",\"max_tokens\":16}";
		for (int i = 0; i < 6; i++) {
			JsonNode problem = problem(post(tooLong, "c-long-" + i, null), 422);
			assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.CONTEXT_LENGTH_EXCEEDED.toString());
			assertThat(problem.get("errorType").asString()).isEqualTo("context_length_exceeded");
			assertThat(problem.get("model").asString()).isEqualTo("quant-endpoint");
		}
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(post("{\"prompt\":\"short\"}", "c-short", null).statusCode()).isEqualTo(200);
	}

	@Test
	void serverFaultsOpenTheBreakerWhichAdmitsTrafficAgainAfterItsWaitInOpen() throws Exception {
		fault("{\"errorRates\":{\"model_error\":1.0}}");
		for (int i = 0; i < 4; i++) {
			JsonNode problem = problem(post("{\"prompt\":\"x\"}", "c-fail-" + i, null), 502);
			assertThat(problem.get("errorType").asString()).isEqualTo("model_error");
		}
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		HttpResponse<String> refused = post("{\"prompt\":\"x\"}", "c-open", null);
		JsonNode open = problem(refused, 503);
		assertThat(open.get("type").asString()).isEqualTo(ProblemTypes.MODEL_UNAVAILABLE.toString());
		assertThat(open.get("errorType").asString()).isEqualTo("circuit_open");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(simulator) + "/admin/faults"))
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.discarding());
		Thread.sleep(WAIT_IN_OPEN.toMillis() + 200);
		assertThat(post("{\"prompt\":\"x\"}", "c-back", null).statusCode()).isEqualTo(200);
	}

	@Test
	void retryableFailuresAreRetriedBoundedAndVisibleOnTheRequestSpan() throws Exception {
		fault("{\"errorRates\":{\"throttled\":1.0}}");
		JsonNode problem = problem(post("{\"prompt\":\"x\"}", "c-retry", null), 502);
		assertThat(problem.get("errorType").asString()).isEqualTo("throttled");
		assertThat(receiver.await(Duration.ofSeconds(10), receiver::spans,
				(spans) -> serverSpan(spans, "c-retry") != null && genAiSpans(spans, serverSpan(spans, "c-retry")).size() == 3))
			.as("the request's SERVER span and one GenAI span per attempt")
			.isTrue();
		ReceivedSpan server = serverSpan(receiver.spans(), "c-retry");
		assertThat(server.attribute("error.type")).isEqualTo("throttled");
		List<Span.Event> retries = server.span()
			.getEventsList()
			.stream()
			.filter((event) -> event.getName().equals("model.retry"))
			.toList();
		assertThat(retries).hasSize(2);
		assertThat(OtlpReceiver.attribute(retries.get(0).getAttributesList(), "error.type")).isEqualTo("throttled");
		assertThat(OtlpReceiver.attribute(retries.get(0).getAttributesList(), "model")).isEqualTo("quant-endpoint");
	}

	@Test
	void nonRetryableFailuresAreNotRetried() throws Exception {
		fault("{\"errorRates\":{\"model_error\":1.0}}");
		problem(post("{\"prompt\":\"x\"}", "c-once", null), 502);
		assertThat(receiver.await(Duration.ofSeconds(10), receiver::spans,
				(spans) -> serverSpan(spans, "c-once") != null && !genAiSpans(spans, serverSpan(spans, "c-once")).isEmpty()))
			.isTrue();
		Thread.sleep(300);
		ReceivedSpan server = serverSpan(receiver.spans(), "c-once");
		assertThat(genAiSpans(receiver.spans(), server)).hasSize(1);
		assertThat(server.span().getEventsList()).noneMatch((event) -> event.getName().equals("model.retry"));
	}

	private static ReceivedSpan serverSpan(List<ReceivedSpan> spans, String correlationId) {
		return spans.stream()
			.filter((span) -> span.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER)
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.findFirst()
			.orElse(null);
	}

	private static List<ReceivedSpan> genAiSpans(List<ReceivedSpan> spans, ReceivedSpan server) {
		return spans.stream()
			.filter((span) -> span.traceId().equals(server.traceId()))
			.filter((span) -> "aws.sagemaker".equals(span.attribute("gen_ai.provider.name")))
			.toList();
	}

	private static CircuitBreaker breaker() {
		return team.getBean(CircuitBreakerRegistry.class).circuitBreaker("quant-endpoint");
	}

	private static JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("correlationId").asString()).isNotBlank();
		return problem;
	}

	private static void fault(String spec) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(simulator) + "/admin/faults/quant-endpoint"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.PUT(HttpRequest.BodyPublishers.ofString(spec))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private static HttpResponse<String> post(String body, String correlationId, String deadlineMs) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(team) + "/predict"))
			.header("Content-Type", "application/json")
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (deadlineMs != null) {
			request.header(RequestDeadline.HEADER, deadlineMs);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@SpringBootApplication
	static class TestTeam {

		@Bean
		PredictionHandler handler(TeamModels models) {
			return models::primary;
		}

	}

}
