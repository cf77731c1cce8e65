package io.llmplatform.vllm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.llmplatform.simulator.engine.ChatTemplate;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedMetric;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The auto-configured client in a plain Spring Boot application with telemetry-starter, against
 * the model simulator (vLLM's wire protocol, real HTTP on loopback), exporting to a real OTLP
 * receiver: answers, failures as vLLM gives them, and the telemetry as it leaves the process.
 */
@ExtendWith(OutputCaptureExtension.class)
class VllmClientIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private static final String MODEL = "llm-baseline";

	private static SimulatorFixture simulator;

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	private static VllmClient client;

	private final Tokenizer tokenizer = new Tokenizer();

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		simulator = SimulatorFixture.shared();
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(new SpringApplicationBuilder(ClientTestApplication.class).web(WebApplicationType.NONE)
			.run("--spring.application.name=vllm-client-test", "--platform.telemetry.team=eval",
					"--platform.telemetry.logging.json=false",
					"--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
					"--platform.telemetry.metrics.step=1s",
					"--otel.bsp.schedule.delay=100",
					// With "/v1", as OpenAI clients are usually configured: the client accepts both.
					"--vllm.client.base-url=" + simulator.baseUrl() + "/v1", "--vllm.client.api-key=test-key",
					"--vllm.client.read-timeout=" + READ_TIMEOUT.toMillis() + "ms"));
		client = app.getBean(VllmClient.class);
	}

	@BeforeEach
	void clean() {
		simulator.clearFaults();
		receiver.clear();
	}

	@AfterEach
	void clearFaults() {
		simulator.clearFaults();
	}

	@Test
	void chatAnswersWithUsageConsistentWithTheSimulatorsTokenModel() {
		ChatRequest request = ChatRequest.of(ChatMessage.system("You are terse."), ChatMessage.user("What is a KV cache?"));
		ChatCompletion completion = client.chat(request);
		assertThat(completion.id()).startsWith("chatcmpl-");
		assertThat(completion.model()).isEqualTo(MODEL);
		assertThat(completion.content()).isNotBlank();
		assertThat(completion.finishReason()).isEqualTo("stop");
		assertThat(completion.usage()).isNotNull();
		assertThat(completion.usage().promptTokens()).isEqualTo(tokenizer.count(ChatTemplate.render(
				List.of(new ChatTemplate.Message("system", "You are terse."),
						new ChatTemplate.Message("user", "What is a KV cache?")))));
		assertThat(completion.usage().completionTokens()).isEqualTo(tokenizer.count(completion.content()));
		HttpHeaders sent = simulator.lastRequest();
		assertThat(sent.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer test-key");
		// Sampled; the SDK also sets W3C Trace Context level 2's random flag (0x02) on the trace ids it makes.
		assertThat(sent.getFirst("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
	}

	@Test
	void maxTokensTruncatesWithFinishReasonLength() {
		ChatCompletion completion = client.chat(ChatRequest.of(ChatMessage.user("Tell me more.")).withMaxTokens(3));
		assertThat(completion.finishReason()).isEqualTo("length");
		assertThat(completion.usage().completionTokens()).isEqualTo(3);
	}

	@Test
	void completionAnswersWithUsage() {
		TextCompletion completion = client.complete(new CompletionRequest(MODEL, "Once upon a time", 20, 0.0));
		assertThat(completion.id()).startsWith("cmpl-");
		assertThat(completion.text()).isNotBlank();
		assertThat(completion.finishReason()).isIn("stop", "length");
		assertThat(completion.usage().promptTokens()).isEqualTo(tokenizer.count("Once upon a time"));
		assertThat(completion.usage().completionTokens()).isEqualTo(tokenizer.count(completion.text()));
	}

	@Test
	void streamedChatDeliversDeltasAndTheFinalUsage() {
		List<String> deltas = new ArrayList<>();
		ChatCompletion completion = client.chatStream(ChatRequest.of(ChatMessage.user("Stream, please.")), deltas::add);
		assertThat(deltas).hasSizeGreaterThan(1);
		assertThat(String.join("", deltas)).isEqualTo(completion.content());
		assertThat(completion.id()).startsWith("chatcmpl-");
		assertThat(completion.finishReason()).isEqualTo("stop");
		assertThat(completion.usage()).isNotNull();
		assertThat(completion.usage().completionTokens()).isEqualTo(tokenizer.count(completion.content()))
			.isEqualTo(deltas.size());
		assertThat(completion.usage().promptTokens()).isEqualTo(
				tokenizer.count(ChatTemplate.render(List.of(new ChatTemplate.Message("user", "Stream, please.")))));
		assertThat(simulator.lastRequest().getFirst(HttpHeaders.ACCEPT)).isEqualTo("text/event-stream");
	}

	@Test
	void streamedCompletionDeliversDeltasAndTheFinalUsage() {
		List<String> deltas = new ArrayList<>();
		TextCompletion completion = client.completeStream(CompletionRequest.of("The quick brown fox").withMaxTokens(5),
				deltas::add);
		assertThat(String.join("", deltas)).isEqualTo(completion.text());
		assertThat(completion.finishReason()).isEqualTo("length");
		assertThat(completion.usage()).isEqualTo(new Usage(tokenizer.count("The quick brown fox"), 5));
	}

	@Test
	void injectedValidationErrorIsA400BadRequestError() {
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"validation\": 1.0}}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.chat(ChatRequest.of(ChatMessage.user("hello"))));
		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.errorType()).isEqualTo("BadRequestError");
		assertThat(ex.telemetryErrorType()).isEqualTo("invalid_request");
		assertThat(ex.serverMessage()).contains("Injected validation error");
		assertThat(ex.getMessage()).contains("400", "BadRequestError", "/v1/chat/completions", MODEL);
	}

	@Test
	void throttlingIsA429RateLimitErrorAlsoForStreams() {
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"throttled\": 1.0}}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.chatStream(ChatRequest.of(ChatMessage.user("hello")), (delta) -> {
				}));
		assertThat(ex.status()).isEqualTo(429);
		assertThat(ex.errorType()).isEqualTo("RateLimitError");
		assertThat(ex.telemetryErrorType()).isEqualTo("throttled");
	}

	@Test
	void internalErrorIsA500ServerError() {
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"internal\": 1.0}}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.complete(CompletionRequest.of("hello")));
		assertThat(ex.status()).isEqualTo(500);
		assertThat(ex.errorType()).isEqualTo("InternalServerError");
		assertThat(ex.telemetryErrorType()).isEqualTo("model_error");
	}

	@Test
	void aPromptLongerThanTheContextIsTheCallersContextLengthError() {
		String longPrompt = ".".repeat(9000);
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.chat(ChatRequest.of(ChatMessage.user(longPrompt))));
		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.telemetryErrorType()).isEqualTo("context_length_exceeded");
	}

	@Test
	void aCallsOwnTimeoutCutsItShorterThanTheReadTimeout() {
		simulator.injectFaults(MODEL, "{\"hangRate\": 1.0, \"hangMaxMs\": 20000}");
		long start = System.nanoTime();
		assertThatExceptionOfType(VllmTimeoutException.class).isThrownBy(
				() -> client.chat(ChatRequest.of(ChatMessage.user("hello")).withTimeout(Duration.ofMillis(300))));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT);
	}

	@Test
	void unavailableIsA503() {
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"unavailable\": 1.0}}");
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.chat(ChatRequest.of(ChatMessage.user("hello"))));
		assertThat(ex.status()).isEqualTo(503);
		assertThat(ex.errorType()).isEqualTo("ServiceUnavailableError");
		assertThat(ex.telemetryErrorType()).isEqualTo("unavailable");
	}

	@Test
	void unknownModelIsA404NotFoundError() {
		VllmClientException ex = catchThrowableOfType(VllmClientException.class,
				() -> client.chat(ChatRequest.of(ChatMessage.user("hello")).withModel("no-such-model")));
		assertThat(ex.status()).isEqualTo(404);
		assertThat(ex.errorType()).isEqualTo("NotFoundError");
		assertThat(ex.telemetryErrorType()).isEqualTo("invalid_request");
	}

	@Test
	void aHangingServerIsATimeoutAfterTheReadTimeout() {
		simulator.injectFaults(MODEL, "{\"hangRate\": 1.0, \"hangMaxMs\": 20000}");
		long start = System.nanoTime();
		assertThatExceptionOfType(VllmTimeoutException.class)
			.isThrownBy(() -> client.chat(ChatRequest.of(ChatMessage.user("hello"))))
			.satisfies((ex) -> {
				assertThat(ex.status()).isZero();
				assertThat(ex.telemetryErrorType()).isEqualTo("timeout");
			});
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isBetween(READ_TIMEOUT.minusMillis(100), READ_TIMEOUT.plusSeconds(3));
		assertThatExceptionOfType(VllmTimeoutException.class)
			.isThrownBy(() -> client.chatStream(ChatRequest.of(ChatMessage.user("hello")), (delta) -> {
			}));
	}

	@Test
	void aStreamLongerThanTheReadTimeoutIsCutOffAsATimeout() {
		List<String> deltas = new ArrayList<>();
		assertThatExceptionOfType(VllmTimeoutException.class).isThrownBy(() -> client
			.chatStream(ChatRequest.of(ChatMessage.user("Write at length.")).withModel(SimulatorFixture.SLOW_MODEL),
					deltas::add));
		assertThat(deltas).as("the stream had started").isNotEmpty().hasSizeLessThan(40);
	}

	@Test
	void chatIsOneGenAiSpanWithTheHttpClientSpanAsItsChild() {
		ChatCompletion completion = client.chat(ChatRequest.of(ChatMessage.user("Trace me.")).withMaxTokens(30)
			.withTemperature(0.0));
		String[] traceparent = simulator.lastRequest().getFirst("traceparent").split("-");
		String traceId = traceparent[1];
		String httpSpanId = traceparent[2];
		List<ReceivedSpan> trace = awaitTrace(traceId, 2);
		ReceivedSpan genAi = single(trace, "chat llm-baseline");
		assertThat(genAi.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(genAi.attribute("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(genAi.attribute("gen_ai.provider.name")).isEqualTo("vllm");
		assertThat(genAi.attribute("gen_ai.request.model")).isEqualTo(MODEL);
		assertThat(genAi.attribute("gen_ai.request.max_tokens")).isEqualTo("30");
		assertThat(genAi.attribute("gen_ai.request.temperature")).isEqualTo("0.0");
		assertThat(genAi.attribute("gen_ai.response.model")).isEqualTo(MODEL);
		assertThat(genAi.attribute("gen_ai.usage.input_tokens"))
			.isEqualTo(String.valueOf(completion.usage().promptTokens()));
		assertThat(genAi.attribute("gen_ai.usage.output_tokens"))
			.isEqualTo(String.valueOf(completion.usage().completionTokens()));
		assertThat(genAi.attribute("gen_ai.response.finish_reasons")).isEqualTo(completion.finishReason());
		assertThat(genAi.attribute("server.address")).isEqualTo("127.0.0.1");
		assertThat(genAi.attribute("server.port")).isEqualTo(String.valueOf(simulator.port()));
		assertThat(genAi.attribute("error.type")).isNullOrEmpty();
		assertThat(genAi.parentSpanId()).as("a root span: nothing else was current").isEmpty();
		assertThat(genAi.resourceAttribute("service.name")).isEqualTo("vllm-client-test");
		ReceivedSpan http = trace.stream()
			.filter((span) -> span.spanId().equals(httpSpanId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + httpSpanId + " (the traceparent sent) in " + trace));
		assertThat(http.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(http.parentSpanId()).as("HTTP span is the GenAI span's child").isEqualTo(genAi.spanId());
		assertThat(http.traceId()).isEqualTo(genAi.traceId());
		assertThat(trace).hasSize(2);
	}

	@Test
	void textCompletionSpanIsNamedByItsOperation() {
		client.complete(CompletionRequest.of("Name this span."));
		String traceId = simulator.lastRequest().getFirst("traceparent").split("-")[1];
		ReceivedSpan genAi = single(awaitTrace(traceId, 2), "text_completion llm-baseline");
		assertThat(genAi.attribute("gen_ai.operation.name")).isEqualTo("text_completion");
		assertThat(genAi.attribute("gen_ai.usage.output_tokens")).isNotEmpty();
	}

	@Test
	void failedCallCarriesItsErrorTypeOnSpanAndMetrics() {
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"throttled\": 1.0}}");
		catchThrowableOfType(VllmClientException.class, () -> client.chat(ChatRequest.of(ChatMessage.user("hi"))));
		String traceId = simulator.lastRequest().getFirst("traceparent").split("-")[1];
		ReceivedSpan genAi = single(awaitTrace(traceId, 2), "chat llm-baseline");
		assertThat(genAi.attribute("error.type")).isEqualTo("throttled");
		assertThat(genAi.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(receiver.await(WAIT, receiver::metrics,
				(metrics) -> pointAttributes(metrics, "gen_ai.client.operation.duration")
					.stream()
					.anyMatch((attributes) -> "throttled".equals(attributes.get("error.type")))))
			.isTrue();
	}

	@Test
	void timeoutIsRecordedAsErrorTypeTimeout() {
		simulator.injectFaults(MODEL, "{\"hangRate\": 1.0, \"hangMaxMs\": 20000}");
		catchThrowableOfType(VllmTimeoutException.class, () -> client.chat(ChatRequest.of(ChatMessage.user("hi"))));
		String traceId = simulator.lastRequest().getFirst("traceparent").split("-")[1];
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.stream()
			.anyMatch((span) -> span.traceId().equals(traceId) && span.span().getName().equals("chat llm-baseline"))))
			.isTrue();
		ReceivedSpan genAi = single(trace(traceId), "chat llm-baseline");
		assertThat(genAi.attribute("error.type")).isEqualTo("timeout");
	}

	@Test
	void streamingRecordsTimeToFirstChunkAndTokenUsageMetrics() {
		Usage usage = client.chatStream(ChatRequest.of(ChatMessage.user("Stream for the metrics.")), (delta) -> {
		}).usage();
		String traceId = simulator.lastRequest().getFirst("traceparent").split("-")[1];
		ReceivedSpan genAi = single(awaitTrace(traceId, 2), "chat llm-baseline");
		assertThat(genAi.attribute("gen_ai.usage.input_tokens")).isEqualTo(String.valueOf(usage.promptTokens()));
		assertThat(genAi.attribute("gen_ai.usage.output_tokens")).isEqualTo(String.valueOf(usage.completionTokens()));
		assertThat(genAi.attribute("gen_ai.response.finish_reasons")).isEqualTo("stop");
		List<String> names = List.of("gen_ai.client.operation.duration", "gen_ai.client.token.usage",
				"gen_ai.client.operation.time_to_first_chunk");
		Map<String, String> expected = Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "vllm",
				"gen_ai.request.model", MODEL);
		// Other tests' calls may be exported first: wait for this call's labels on all three.
		assertThat(receiver.await(WAIT, receiver::metrics,
				(metrics) -> names.stream()
					.allMatch((name) -> pointAttributes(metrics, name).stream()
						.anyMatch((attributes) -> attributes.entrySet().containsAll(expected.entrySet())))))
			.as(() -> receiver.metrics().stream().map((metric) -> metric.metric().getName()).distinct().toList().toString())
			.isTrue();
		for (String name : names) {
			assertThat(pointAttributes(receiver.metrics(), name)).as(name)
				.anySatisfy((attributes) -> assertThat(attributes).containsAllEntriesOf(expected));
		}
		assertThat(pointAttributes(receiver.metrics(), "gen_ai.client.token.usage"))
			.extracting((attributes) -> attributes.get("gen_ai.token.type"))
			.contains("input", "output");
		ReceivedMetric ttfc = receiver.metrics()
			.stream()
			.filter((metric) -> metric.metric().getName().equals("gen_ai.client.operation.time_to_first_chunk"))
			.findFirst()
			.orElseThrow();
		assertThat(ttfc.metric().getUnit()).isIn("s", "seconds");
		assertThat(ttfc.resourceAttribute("team")).isEqualTo("eval");
	}

	@Test
	void promptAndCompletionTextNeverLeaveTheProcess(CapturedOutput output) throws Exception {
		String secret = "SECRET-PROMPT-" + UUID.randomUUID();
		ChatCompletion chat = client.chat(ChatRequest.of(ChatMessage.user(secret + " tell me something")));
		TextCompletion streamed = client.completeStream(CompletionRequest.of(secret + " continue"), (delta) -> {
		});
		simulator.injectFaults(MODEL, "{\"errorRates\": {\"validation\": 1.0}}");
		VllmClientException failure = catchThrowableOfType(VllmClientException.class,
				() -> client.chat(ChatRequest.of(ChatMessage.user(secret + " and fail"))));
		assertThat(failure.getMessage()).doesNotContain(secret);
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().filter((span) -> span.span().getName().startsWith("chat ")).count() >= 2
						&& spans.stream().anyMatch((span) -> span.span().getName().startsWith("text_completion "))))
			.isTrue();
		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> !metrics.isEmpty())).isTrue();
		Thread.sleep(1500);
		String exported = new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1);
		assertThat(exported).contains("chat llm-baseline").doesNotContain(secret);
		assertThat(exported).doesNotContain(chat.content()).doesNotContain(streamed.text());
		assertThat(receiver.spans()).allSatisfy((span) -> assertThat(span.attribute("gen_ai.input.messages")).isNull());
		assertThat(output.toString()).doesNotContain(secret);
	}

	private static List<ReceivedSpan> awaitTrace(String traceId, int spans) {
		assertThat(receiver.await(WAIT, () -> trace(traceId), (trace) -> trace.size() >= spans))
			.as("%d spans of trace %s", spans, traceId)
			.isTrue();
		return trace(traceId);
	}

	private static List<ReceivedSpan> trace(String traceId) {
		return receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private static ReceivedSpan single(List<ReceivedSpan> spans, String name) {
		List<ReceivedSpan> named = spans.stream().filter((span) -> span.span().getName().equals(name)).toList();
		assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
		return named.get(0);
	}

	/** The attributes of every data point of a metric, whatever its type, over all exports so far. */
	static List<Map<String, String>> pointAttributes(List<ReceivedMetric> metrics, String name) {
		List<Map<String, String>> points = new ArrayList<>();
		for (ReceivedMetric received : metrics) {
			Metric metric = received.metric();
			if (!metric.getName().equals(name)) {
				continue;
			}
			if (metric.hasHistogram()) {
				metric.getHistogram().getDataPointsList().forEach((point) -> points.add(map(point.getAttributesList())));
			}
			if (metric.hasSum()) {
				metric.getSum().getDataPointsList().forEach((point) -> points.add(map(point.getAttributesList())));
			}
			if (metric.hasGauge()) {
				metric.getGauge().getDataPointsList().forEach((point) -> points.add(map(point.getAttributesList())));
			}
			if (metric.hasSummary()) {
				metric.getSummary().getDataPointsList().forEach((point) -> points.add(map(point.getAttributesList())));
			}
		}
		return points;
	}

	private static Map<String, String> map(List<KeyValue> attributes) {
		Map<String, String> map = new TreeMap<>();
		for (KeyValue attribute : attributes) {
			map.put(attribute.getKey(), OtlpReceiver.attribute(attributes, attribute.getKey()));
		}
		return map;
	}

}
