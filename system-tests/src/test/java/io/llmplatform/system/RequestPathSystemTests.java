package io.llmplatform.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path end to end: the simulator, the three teams and the gateway as separate
 * JVMs, OTLP received here. For every request: one trace, rooted at the gateway's SERVER
 * span, the team's SERVER span its grandchild through the gateway's CLIENT span, the model
 * spans below the team's; the seed's and the GenAI attributes; logs of the gateway and the
 * team in the trace; and an exact span count per trace, which catches doubles.
 */
class RequestPathSystemTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** The version every service reports as service.version (Maven's, through build-info). */
	private static final String VERSION = System.getProperty("suite.version", "0.1.0-SNAPSHOT");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static OtlpReceiver receiver;

	private static LocalSuite suite;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		receiver = resources.add(OtlpReceiver.start());
		suite = resources.add(LocalSuite.start(receiver.endpoint()));
	}

	@AfterEach
	void clearFaults() throws Exception {
		suite.clearFaults();
	}

	@Test
	void theGatewayServesFromTheBeansItsBuildProcessedAheadOfTime() {
		// So that every system test covers the gateway as bin/run-local starts it (AheadOfTimeGatewaySystemTests).
		assertThat(suite.output("gateway")).anyMatch((line) -> line.contains("Starting AOT-processed GatewayApplication"));
	}

	@Test
	void quantServesItsEndpointInOneTraceAndShadowsOffThePath() throws Exception {
		String correlationId = newCorrelationId();
		HttpResponse<String> response = suite.predict("quant", "{\"prompt\":\"What is quantization?\",\"max_tokens\":32}",
				correlationId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("served_by").asString()).isEqualTo("quant-endpoint");
		assertThat(body.get("model_version").asString()).isEqualTo("v1.2.0");
		assertThat(body.get("correlation_id").asString()).isEqualTo(correlationId);
		assertThat(response.headers().allValues("X-Correlation-ID")).containsExactly(correlationId);
		assertThat(body.get("usage").get("output_tokens").asInt()).isPositive();
		// gateway SERVER + CLIENT, team SERVER, SageMaker GenAI call + its AWS SDK call
		Trace trace = awaitTrace(correlationId, 5);
		ReceivedSpan team = trace.teamServer("team-quant");
		List<ReceivedSpan> models = trace.childrenOf(team);
		assertThat(models).hasSize(1);
		ReceivedSpan model = models.get(0);
		assertSageMakerSpan(model, "quant-endpoint", "v1.2.0", "quant");
		trace.assertSdkCallBelow(model);
		trace.assertLogsFrom("gateway", "team-quant");
		// The shadow comparison is a trace of its own, linked to the request's team span, with its agreement score a
		// number.
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.stream()
			.anyMatch((span) -> span.span().getName().equals("quant shadow compare") && span.span()
				.getLinksList()
				.stream()
				.anyMatch((link) -> OtlpReceiver.hex(link.getSpanId().toByteArray()).equals(team.spanId()))
					&& span.span()
						.getAttributesList()
						.stream()
						.anyMatch((attribute) -> attribute.getKey().equals("quant.shadow.agreement")
								&& attribute.getValue().hasDoubleValue()))))
			.isTrue();
	}

	@Test
	void finetuneFallsBackToTheBaselineWhenItsEndpointFails() throws Exception {
		suite.fault("finetune-endpoint", "{\"errorRates\":{\"model_error\":1.0}}");
		String correlationId = newCorrelationId();
		HttpResponse<String> response = suite.predict("finetune",
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Summarise LoRA.\"}],\"max_tokens\":32}", correlationId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("served_by").asString()).isEqualTo("baseline");
		assertThat(body.get("fallback_reason").asString()).isEqualTo("model_error");
		// gateway SERVER + CLIENT, team SERVER, failed SageMaker call + its AWS SDK call, baseline GenAI call + its
		// HTTP call
		Trace trace = awaitTrace(correlationId, 7);
		ReceivedSpan team = trace.teamServer("team-finetune");
		List<ReceivedSpan> models = trace.childrenOf(team);
		assertThat(models).hasSize(2);
		ReceivedSpan sageMaker = models.stream()
			.filter((span) -> "aws.sagemaker".equals(span.attribute("gen_ai.provider.name")))
			.findFirst()
			.orElseThrow();
		assertSageMakerSpan(sageMaker, "finetune-endpoint", "v2.0.1", "finetune");
		assertThat(sageMaker.attribute("error.type")).isEqualTo("model_error");
		trace.assertSdkCallBelow(sageMaker);
		ReceivedSpan baseline = models.stream()
			.filter((span) -> "vllm".equals(span.attribute("gen_ai.provider.name")))
			.findFirst()
			.orElseThrow();
		assertThat(baseline.span().getName()).isEqualTo("chat llm-baseline");
		assertThat(trace.childrenOf(baseline)).hasSize(1);
		trace.assertLogsFrom("gateway", "team-finetune");
		assertThat(suite.scrape(suite.teamManagementPorts.get("finetune")))
			.contains("finetune_fallbacks_total{");
	}

	@Test
	void evalJudgesTheBaselinesAnswer() throws Exception {
		String correlationId = newCorrelationId();
		HttpResponse<String> response = suite.predict("eval", "{\"prompt\":\"Name a prime number.\"}", correlationId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("served_by").asString()).isEqualTo("baseline");
		assertThat(body.get("score").asInt()).isBetween(1, 5);
		assertThat(body.get("rationale").asString()).isNotBlank();
		// gateway SERVER + CLIENT, team SERVER, baseline GenAI + HTTP, judge GenAI + its AWS SDK call
		Trace trace = awaitTrace(correlationId, 7);
		ReceivedSpan team = trace.teamServer("team-eval");
		ReceivedSpan judge = trace.childrenOf(team)
			.stream()
			.filter((span) -> "aws.sagemaker".equals(span.attribute("gen_ai.provider.name")))
			.findFirst()
			.orElseThrow();
		assertSageMakerSpan(judge, "judge-endpoint", "v0.9.0", "eval");
		trace.assertSdkCallBelow(judge);
		trace.assertLogsFrom("gateway", "team-eval");
	}

	@Test
	void catalogueSeriesArriveOverOtlp() throws Exception {
		suite.predict("quant", "{\"prompt\":\"hello\"}", newCorrelationId());
		Set<String> expected = Set.of("gateway.requests", "gateway.request.duration", "http.server.request.duration",
				"sagemaker.invoke.duration", "gen_ai.client.operation.duration", "gen_ai.client.token.usage");
		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> metrics.stream()
			.map((metric) -> metric.metric().getName())
			.collect(Collectors.toSet())
			.containsAll(expected))).as("metric names received: %s", metricNames()).isTrue();
	}

	@Test
	void errorsAreProblemDetailsWithTheCorrelationId() throws Exception {
		assertProblem(suite.predict("nosuchteam", "{\"prompt\":\"x\"}", "c-404"), 404, "c-404");
		HttpResponse<String> wrongMethod = suite.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + suite.gatewayPort + "/api/quant/predict"))
			.header("X-Correlation-ID", "c-405")
			.GET()
			.build());
		assertProblem(wrongMethod, 405, "c-405");
		JsonNode invalid = assertProblem(suite.predict("quant", "{\"prompt\":\"x\",\"max_tokens\":0}", "c-400"), 400,
				"c-400");
		assertThat(invalid.get("type").asString()).isEqualTo("https://llmplatform.io/problems/invalid-request");
		assertThat(invalid.get("errors").toString()).contains("maxTokens");
		suite.fault("quant-endpoint", "{\"errorRates\":{\"internal\":1.0}}");
		JsonNode failed = assertProblem(suite.predict("quant", "{\"prompt\":\"x\"}", "c-502"), 502, "c-502");
		assertThat(failed.get("type").asString()).isEqualTo("https://llmplatform.io/problems/model-error");
		assertThat(failed.get("errorType").asString()).isEqualTo("internal");
		suite.clearFaults();
		suite.fault("quant-endpoint", "{\"hangRate\":1.0,\"hangMaxMs\":20000}");
		JsonNode timeout = assertProblem(suite.predict("quant", "{\"prompt\":\"x\"}", "c-504"), 504, "c-504");
		assertThat(timeout.get("type").asString()).isEqualTo("https://llmplatform.io/problems/model-timeout");
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, String correlationId) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asString()).startsWith("https://llmplatform.io/problems/");
		assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	private static void assertSageMakerSpan(ReceivedSpan span, String endpoint, String modelVersion, String team) {
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.attribute("gen_ai.provider.name")).isEqualTo("aws.sagemaker");
		assertThat(span.attribute("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(span.attribute("gen_ai.request.model")).isNotBlank();
		assertThat(span.attribute("sagemaker.endpoint")).isEqualTo(endpoint);
		assertThat(span.attribute("model.version")).isEqualTo(modelVersion);
		assertThat(span.attribute("team")).isEqualTo(team);
	}

	private static String newCorrelationId() {
		return "sys-" + UUID.randomUUID();
	}

	private static Set<String> metricNames() {
		return receiver.metrics().stream().map((metric) -> metric.metric().getName()).collect(Collectors.toSet());
	}

	/** Waits for the trace of the request with this correlation id to hold {@code spans} spans. */
	private static Trace awaitTrace(String correlationId, int spans) throws InterruptedException {
		assertThat(receiver.await(WAIT, receiver::spans, (all) -> Trace.of(all, correlationId)
			.map((trace) -> trace.spans.size() >= spans)
			.orElse(false))).as("trace of %s", correlationId).isTrue();
		Thread.sleep(1000);
		Trace trace = Trace.of(receiver.spans(), correlationId).orElseThrow();
		assertThat(trace.spans).as("spans of %s: %s", correlationId, trace.describe()).hasSize(spans);
		trace.assertGatewayRoot();
		return trace;
	}

	private record Trace(String traceId, List<ReceivedSpan> spans) {

		static java.util.Optional<Trace> of(List<ReceivedSpan> all, String correlationId) {
			return all.stream()
				.filter((span) -> "gateway".equals(span.resourceAttribute("service.name")))
				.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
				.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
				.findFirst()
				.map((root) -> new Trace(root.traceId(),
						all.stream().filter((span) -> span.traceId().equals(root.traceId())).toList()));
		}

		void assertGatewayRoot() {
			List<ReceivedSpan> roots = this.spans.stream().filter((span) -> span.parentSpanId().isEmpty()).toList();
			assertThat(roots).hasSize(1);
			ReceivedSpan root = roots.get(0);
			assertThat(root.resourceAttribute("service.name")).isEqualTo("gateway");
			assertThat(root.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
			assertThat(root.attribute("team")).isNotBlank();
			assertThat(root.resourceAttribute("service.version")).as("from build-info").isEqualTo(VERSION);
			ReceivedSpan client = single("gateway", SpanKind.SPAN_KIND_CLIENT);
			assertThat(client.parentSpanId()).isEqualTo(root.spanId());
			assertThat(this.spans.stream().filter((span) -> "gateway".equals(span.resourceAttribute("service.name"))))
				.hasSize(2);
		}

		ReceivedSpan teamServer(String service) {
			ReceivedSpan team = single(service, SpanKind.SPAN_KIND_SERVER);
			ReceivedSpan gatewayClient = single("gateway", SpanKind.SPAN_KIND_CLIENT);
			assertThat(team.parentSpanId()).isEqualTo(gatewayClient.spanId());
			assertThat(team.attribute("correlation_id")).isNotBlank();
			assertThat(team.resourceAttribute("team")).isEqualTo(service.substring("team-".length()));
			assertThat(team.resourceAttribute("service.version")).as("from build-info").isEqualTo(VERSION);
			assertThat(team.resourceAttribute("service.namespace")).isEqualTo(service.substring("team-".length()));
			// Every other span of the team is below its SERVER span.
			for (ReceivedSpan span : this.spans) {
				if (service.equals(span.resourceAttribute("service.name")) && span != team) {
					assertThat(isDescendant(span, team)).as("%s below %s", span.span().getName(), service).isTrue();
				}
			}
			return team;
		}

		ReceivedSpan single(String service, SpanKind kind) {
			List<ReceivedSpan> matching = this.spans.stream()
				.filter((span) -> service.equals(span.resourceAttribute("service.name")))
				.filter((span) -> span.span().getKind() == kind)
				.toList();
			assertThat(matching).as("%s %s spans in %s", service, kind, describe()).hasSize(1);
			return matching.get(0);
		}

		/**
		 * The SageMaker SDK call's own CLIENT span (OpenTelemetry's AWS SDK instrumentation), the
		 * only child of the GenAI span.
		 */
		void assertSdkCallBelow(ReceivedSpan genAi) {
			List<ReceivedSpan> children = childrenOf(genAi);
			assertThat(children).as("below %s in %s", genAi.span().getName(), describe()).hasSize(1);
			ReceivedSpan sdk = children.get(0);
			assertThat(sdk.span().getName()).isEqualTo("SageMakerRuntime.InvokeEndpoint");
			assertThat(sdk.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
			assertThat(sdk.attribute("rpc.system.name")).isEqualTo("aws-api");
			assertThat(sdk.attribute("aws.request_id")).isNotBlank();
			assertThat(sdk.attribute("cloud.region")).isNotBlank();
			assertThat(sdk.resourceAttribute("service.name")).isEqualTo(genAi.resourceAttribute("service.name"));
		}

		List<ReceivedSpan> childrenOf(ReceivedSpan parent) {
			return this.spans.stream().filter((span) -> span.parentSpanId().equals(parent.spanId())).toList();
		}

		boolean isDescendant(ReceivedSpan span, ReceivedSpan ancestor) {
			Map<String, ReceivedSpan> byId = this.spans.stream()
				.collect(Collectors.toMap(ReceivedSpan::spanId, (candidate) -> candidate));
			ReceivedSpan current = span;
			while (current != null && !current.parentSpanId().isEmpty()) {
				if (current.parentSpanId().equals(ancestor.spanId())) {
					return true;
				}
				current = byId.get(current.parentSpanId());
			}
			return false;
		}

		void assertLogsFrom(String... services) {
			for (String service : services) {
				assertThat(receiver.await(WAIT, receiver::logs, (logs) -> logs.stream()
					.anyMatch((log) -> log.traceId().equals(this.traceId)
							&& service.equals(OtlpReceiver.attribute(log.resource().getAttributesList(), "service.name"))
							&& this.correlationId().equals(log.attribute("correlation_id")))))
					.as("a log record of %s in trace %s", service, this.traceId)
					.isTrue();
			}
		}

		String correlationId() {
			return this.spans.stream()
				.filter((span) -> span.parentSpanId().isEmpty())
				.map((span) -> span.attribute("correlation_id"))
				.findFirst()
				.orElseThrow();
		}

		String describe() {
			return this.spans.stream()
				.map((span) -> span.resourceAttribute("service.name") + ":" + span.span().getKind() + ":"
						+ span.span().getName())
				.toList()
				.toString();
		}

	}

}
