package io.llmplatform.sagemaker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedMetric;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpFullResponse;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The invoker with the real AWS SDK client against the model simulator on loopback, its
 * telemetry read as it leaves the process: OTLP protobuf at a receiver, and the Prometheus
 * scrape text.
 */
class SageMakerInvokerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static TestSimulator simulator;

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	private static SageMakerInvoker invoker;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		simulator = resources.add(TestSimulator.start());
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(InvokerTestApplication.start(simulator, receiver));
		invoker = app.getBean(SageMakerInvoker.class);
	}

	@AfterEach
	void clearFaults() {
		simulator.clearFaults();
	}

	@Test
	void chatAnswersWithUsageAndMakesExactlyOneClientSpan() {
		SageMakerChatCompletion completion = invoker.chat("quant-endpoint",
				List.of(SageMakerMessage.system("Be brief."), SageMakerMessage.user("What is quantization?")), 24,
				0.0);

		assertThat(completion.content()).isNotBlank();
		assertThat(completion.finishReason()).isIn("stop", "length");
		assertThat(completion.inputTokens()).isPositive();
		assertThat(completion.outputTokens()).isPositive().isLessThanOrEqualTo(24);
		assertThat(completion.endpointName()).isEqualTo("quant-endpoint");
		assertThat(completion.modelVersion()).isEqualTo("v3");
		assertThat(completion.invokedVariant()).isEqualTo("AllTraffic");

		ReceivedSpan span = awaitSpan((candidate) -> candidate.span().getName().equals("chat llama-3-8b-awq")
				&& String.valueOf(completion.outputTokens()).equals(candidate.attribute("gen_ai.usage.output_tokens"))
				&& String.valueOf(completion.inputTokens()).equals(candidate.attribute("gen_ai.usage.input_tokens")));
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(span.attribute("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(span.attribute("gen_ai.provider.name")).isEqualTo("aws.sagemaker");
		assertThat(span.attribute("gen_ai.request.model")).isEqualTo("llama-3-8b-awq");
		assertThat(span.attribute("gen_ai.request.max_tokens")).isEqualTo("24");
		assertThat(span.attribute("gen_ai.response.finish_reasons")).isEqualTo(completion.finishReason());
		assertThat(span.attribute("sagemaker.endpoint")).isEqualTo("quant-endpoint");
		assertThat(span.attribute("model.version")).isEqualTo("v3");
		assertThat(span.attribute("team")).isEqualTo("quant");
		assertThat(span.span().getAttributesList()).as("the SDK span below carries the RPC attributes")
			.noneMatch((attribute) -> attribute.getKey().startsWith("rpc."));
		assertThat(span.attribute("cloud.region")).isEqualTo("us-east-1");
		assertThat(span.attribute("sagemaker.invoked_variant")).isEqualTo("AllTraffic");
		assertThat(span.attribute("error.type")).isNullOrEmpty();
		assertThat(span.resourceAttribute("service.name")).isEqualTo("sagemaker-invoker-test");
		assertThat(span.parentSpanId()).as("a root span here: nothing else is traced").isEmpty();

		ReceivedSpan sdk = awaitSdkSpanUnder(span);
		assertThat(sdk.span().getName()).isEqualTo("SageMakerRuntime.InvokeEndpoint");
		assertThat(sdk.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		// The current RPC conventions (the starter opts in): rpc.system.name, not the deprecated rpc.system and
		// rpc.service; service and operation are in the span name.
		assertThat(sdk.attribute("rpc.system.name")).isEqualTo("aws-api");
		assertThat(sdk.span().getAttributesList()).extracting((attribute) -> attribute.getKey())
			.doesNotContain("rpc.system", "rpc.service");
		assertThat(sdk.attribute("aws.request_id")).as("the simulator's x-amzn-RequestId").isNotBlank();
		assertThat(sdk.attribute("cloud.region")).isEqualTo("us-east-1");
		assertThat(sdk.resourceAttribute("service.name")).isEqualTo("sagemaker-invoker-test");
		assertOneSpanPerTrace();
	}

	@Test
	void rawInvokeSendsBytesWithHeadersAndIsATextCompletionSpan() {
		SageMakerInvocation invocation = invoker.invoke(SageMakerRequest
			.json("judge-endpoint", "{\"inputs\": \"Score: Paris is the capital of France.\", "
					+ "\"parameters\": {\"max_new_tokens\": 40}}")
			.withCustomAttributes("trace=abc,team=quant")
			.withTargetVariant("AllTraffic"));

		assertThat(invocation.bodyAsString()).startsWith("[{\"generated_text\":");
		assertThat(invocation.contentType()).isEqualTo("application/json");
		assertThat(invocation.invokedVariant()).isEqualTo("AllTraffic");
		assertThat(invocation.customAttributes()).isEqualTo("trace=abc,team=quant");

		ReceivedSpan span = awaitSpan(
				(candidate) -> candidate.span().getName().equals("text_completion judge-endpoint"));
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.attribute("gen_ai.operation.name")).isEqualTo("text_completion");
		assertThat(span.attribute("gen_ai.provider.name")).isEqualTo("aws.sagemaker");
		assertThat(span.attribute("gen_ai.request.model")).as("defaults to the endpoint name")
			.isEqualTo("judge-endpoint");
		assertThat(span.attribute("sagemaker.endpoint")).isEqualTo("judge-endpoint");
		assertThat(span.attribute("model.version")).isEqualTo("unknown");
		assertThat(span.attribute("team")).isEqualTo("quant");
		assertOneSpanPerTrace();
	}

	@Test
	void unknownEndpointIsAValidationError() {
		double before = scrape("sagemaker_invoke_errors_total",
				Map.of("endpoint", "no-such-endpoint", "error_type", "invalid_request"));

		SageMakerInvocationException failure = catchThrowableOfType(SageMakerInvocationException.class,
				() -> invoker.chat("no-such-endpoint", List.of(SageMakerMessage.user("hi")), 8, null));

		assertThat(failure.errorType()).isEqualTo("invalid_request");
		assertThat(failure.endpointName()).isEqualTo("no-such-endpoint");
		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).contains("no-such-endpoint", "invalid_request", "HTTP 400", "ValidationError");
		assertThat(scrape("sagemaker_invoke_errors_total",
				Map.of("endpoint", "no-such-endpoint", "error_type", "invalid_request")))
			.isEqualTo(before + 1);
	}

	@ParameterizedTest(name = "injected {0} -> error_type {1}")
	@CsvSource({ "model_error, model_error, 424", "throttled, throttled, 400", "unavailable, unavailable, 503",
			"internal, internal, 500", "validation, invalid_request, 400" })
	void injectedErrorIsMappedCountedAndOnTheSpan(String injected, String errorType, int status) {
		simulator.injectFault("finetune-endpoint", "{\"errorRates\": {\"" + injected + "\": 1.0}}");
		Map<String, String> errorLabels = Map.of("endpoint", "finetune-endpoint", "error_type", errorType);
		Map<String, String> durationLabels = Map.of("endpoint", "finetune-endpoint", "team", "quant",
				"model_version", "ft-2", "outcome", "error", "le", "+Inf");
		double errorsBefore = scrape("sagemaker_invoke_errors_total", errorLabels);
		double durationsBefore = scrape("sagemaker_invoke_duration_seconds_bucket", durationLabels);

		SageMakerInvocationException failure = catchThrowableOfType(SageMakerInvocationException.class,
				() -> invoker.chat("finetune-endpoint", List.of(SageMakerMessage.user("hello")), 8, null));

		assertThat(failure.errorType()).isEqualTo(errorType);
		assertThat(failure.endpointName()).isEqualTo("finetune-endpoint");
		assertThat(failure.getMessage()).contains("HTTP " + status);
		assertThat(failure.getCause()).as("the SDK's exception").isNotNull();
		// Whatever keeps the exception (a breaker's recent events, a span's exception event until exported) must
		// not keep the HTTP exchange: the response's stream holds the connection's request, and with it the body.
		assertThat(failure.getCause()).isInstanceOfSatisfying(AwsServiceException.class,
				(service) -> assertThat(service.awsErrorDetails().sdkHttpResponse())
					.isInstanceOfSatisfying(SdkHttpFullResponse.class,
							(response) -> assertThat(response.content()).as("the response's content stream").isEmpty()));
		assertThat(scrape("sagemaker_invoke_errors_total", errorLabels)).isEqualTo(errorsBefore + 1);
		assertThat(scrape("sagemaker_invoke_duration_seconds_bucket", durationLabels)).isEqualTo(durationsBefore + 1);

		ReceivedSpan span = awaitSpan((candidate) -> errorType.equals(candidate.attribute("error.type"))
				&& "finetune-endpoint".equals(candidate.attribute("sagemaker.endpoint")));
		assertThat(span.span().getName()).isEqualTo("chat llama-3-8b-ft");
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(span.attribute("model.version")).isEqualTo("ft-2");
		ReceivedSpan sdk = awaitSdkSpanUnder(span);
		assertThat(sdk.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(sdk.attribute("aws.request_id")).as("kept on a failed call").isNotBlank();
		assertOneSpanPerTrace();
	}

	@Test
	void hangBeyondTheApiCallTimeoutIsATimeout() {
		simulator.injectFault("finetune-endpoint", "{\"hangRate\": 1.0, \"hangMaxMs\": 20000}");
		double before = scrape("sagemaker_invoke_errors_total",
				Map.of("endpoint", "finetune-endpoint", "error_type", "timeout"));
		long start = System.nanoTime();

		SageMakerInvocationException failure = catchThrowableOfType(SageMakerInvocationException.class,
				() -> invoker.invoke(SageMakerRequest.json("finetune-endpoint", "{\"inputs\": \"hello\"}")));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("api-call-timeout is 1500ms")
			.isBetween(Duration.ofMillis(1400), Duration.ofSeconds(6));
		assertThat(failure.errorType()).isEqualTo("timeout");
		assertThat(failure.isTransient()).isTrue();
		assertThat(failure.getMessage()).contains("ApiCallTimeoutException");
		assertThat(scrape("sagemaker_invoke_errors_total",
				Map.of("endpoint", "finetune-endpoint", "error_type", "timeout")))
			.isEqualTo(before + 1);
		ReceivedSpan span = awaitSpan((candidate) -> "timeout".equals(candidate.attribute("error.type")));
		assertThat(span.span().getName()).isEqualTo("text_completion llama-3-8b-ft");
	}

	@Test
	void successIsCountedInTheDurationHistogramWithTheCatalogueBuckets() {
		Map<String, String> labels = Map.of("endpoint", "quant-endpoint", "team", "quant", "model_version", "v3",
				"outcome", "success");
		double before = scrape("sagemaker_invoke_duration_seconds_count", labels);

		invoker.chat("quant-endpoint", List.of(SageMakerMessage.user("hi")), 8, null);

		assertThat(scrape("sagemaker_invoke_duration_seconds_count", labels)).isEqualTo(before + 1);
		String text = app.getBean(PrometheusMeterRegistry.class).scrape();
		assertThat(text).contains("le=\"0.01\"", "le=\"81.92\"");
		assertThat(text.lines().filter((line) -> line.startsWith("sagemaker_invoke_duration_seconds_bucket{")))
			.allSatisfy((line) -> assertThat(line).contains("service_name=\"sagemaker-invoker-test\""));
	}

	@Test
	void metricsAreExportedOverOtlpUnderTheCatalogueNames() {
		invoker.chat("quant-endpoint", List.of(SageMakerMessage.user("count my tokens")), 8, null);
		catchThrowableOfType(SageMakerInvocationException.class,
				() -> invoker.chat("no-such-endpoint", List.of(SageMakerMessage.user("hi")), 8, null));
		List<String> expected = List.of("sagemaker.invoke.duration", "sagemaker.invoke.errors",
				"gen_ai.client.operation.duration", "gen_ai.client.token.usage");

		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> names(metrics).containsAll(expected)))
			.as(() -> "exported: " + names(receiver.metrics()))
			.isTrue();

		Metric duration = lastMetric("sagemaker.invoke.duration");
		assertThat(duration.getUnit()).isIn("s", "seconds");
		assertThat(duration.hasHistogram()).isTrue();
		HistogramDataPoint point = duration.getHistogram().getDataPoints(0);
		assertThat(point.getExplicitBoundsList()).contains(0.01, 81.92);
		// Exactly the labels operators query: the observation adds none (no Micrometer 'error' label).
		assertThat(point.getAttributesList().stream().map((attribute) -> attribute.getKey()))
			.containsExactlyInAnyOrder("endpoint", "team", "model_version", "outcome");
		Metric errors = lastMetric("sagemaker.invoke.errors");
		assertThat(errors.hasSum()).isTrue();
		assertThat(errors.getSum().getIsMonotonic()).isTrue();
		assertThat(errors.getSum().getDataPoints(0).getAttributesList().stream().map((attribute) -> attribute.getKey()))
			.containsExactlyInAnyOrder("endpoint", "error_type");
		assertThat(names(receiver.metrics())).as("the metrics-only observation makes no other meter")
			.noneMatch((name) -> name.startsWith("sagemaker.invoke.duration."));
		assertThat(receiver.spans()).as("the metrics-only observation is never a span")
			.noneMatch((span) -> span.span().getName().startsWith("sagemaker.invoke"));
		// Each export may carry only some series: look through all of them.
		assertThat(receiver.await(WAIT, receiver::metrics,
				(metrics) -> metrics.stream()
					.filter((metric) -> metric.metric().getName().equals("sagemaker.invoke.errors"))
					.flatMap((metric) -> metric.metric().getSum().getDataPointsList().stream())
					.anyMatch((dataPoint) -> "invalid_request"
						.equals(OtlpReceiver.attribute(dataPoint.getAttributesList(), "error_type"))
							&& "no-such-endpoint".equals(OtlpReceiver.attribute(dataPoint.getAttributesList(), "endpoint")))))
			.isTrue();
		assertThat(receiver.await(WAIT, receiver::metrics,
				(metrics) -> metrics.stream()
					.filter((metric) -> metric.metric().getName().equals("gen_ai.client.operation.duration"))
					.flatMap((metric) -> metric.metric().getHistogram().getDataPointsList().stream())
					.anyMatch((dataPoint) -> "aws.sagemaker"
						.equals(OtlpReceiver.attribute(dataPoint.getAttributesList(), "gen_ai.provider.name"))
							&& "llama-3-8b-awq"
								.equals(OtlpReceiver.attribute(dataPoint.getAttributesList(), "gen_ai.request.model")))))
			.isTrue();
	}

	@Test
	void noPromptOrCompletionTextLeavesTheProcessWithoutContentCapture() throws Exception {
		String secret = "SECRET-PROMPT-" + UUID.randomUUID();
		String rawSecret = "RAW-SECRET-" + UUID.randomUUID();
		SageMakerChatCompletion completion = invoker.chat("quant-endpoint",
				List.of(SageMakerMessage.user(secret + " please answer at length")), 40, 0.7);
		invoker.invoke(SageMakerRequest.json("quant-endpoint", "{\"inputs\": \"" + rawSecret + "\"}"));
		simulator.injectFault("quant-endpoint", "{\"errorRates\": {\"model_error\": 1.0}}");
		catchThrowableOfType(SageMakerInvocationException.class,
				() -> invoker.chat("quant-endpoint", List.of(SageMakerMessage.user(secret)), 8, null));

		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().filter((span) -> "quant-endpoint".equals(span.attribute("sagemaker.endpoint")))
					.count() >= 3))
			.isTrue();
		// One more metric export and log batch after the calls.
		Thread.sleep(1500);
		String exported = new String(receiver.rawBytes(), StandardCharsets.UTF_8);
		assertThat(exported).doesNotContain(secret).doesNotContain(rawSecret).doesNotContain(completion.content());
		// The container's error text (the simulator's ModelError quotes it) stays out of span exception events.
		assertThat(exported).doesNotContain("CUDA out of memory");
		assertThat(receiver.spans()).noneSatisfy((span) -> assertThat(span.attribute("gen_ai.input.messages")).isNotNull());
		assertThat(receiver.spans()).noneSatisfy((span) -> assertThat(span.attribute("gen_ai.output.messages")).isNotNull());
	}

	private static ReceivedSpan awaitSpan(Predicate<ReceivedSpan> match) {
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.stream().anyMatch(match)))
			.as(() -> "no matching span among " + receiver.spans()
				.stream()
				.map((span) -> span.span().getName() + " " + span.span().getAttributesList())
				.toList())
			.isTrue();
		return receiver.spans().stream().filter(match).reduce((first, second) -> second).orElseThrow();
	}

	/**
	 * Only the invoker traces in this context: a trace holds at most one GenAI span and at most
	 * one SDK span (AWS SDK instrumentation), the GenAI span's child, so no CLIENT span is doubled.
	 * (A trace's second span may still be on its way when this looks.)
	 */
	private static void assertOneSpanPerTrace() {
		Map<String, List<ReceivedSpan>> spansPerTrace = receiver.spans()
			.stream()
			.collect(Collectors.groupingBy(ReceivedSpan::traceId));
		assertThat(spansPerTrace).isNotEmpty().allSatisfy((traceId, spans) -> {
			List<ReceivedSpan> genAi = spans.stream()
				.filter((span) -> span.attribute("gen_ai.operation.name") != null)
				.toList();
			List<ReceivedSpan> sdk = spans.stream().filter((span) -> !genAi.contains(span)).toList();
			assertThat(genAi).as("GenAI spans of trace %s", traceId).hasSizeLessThanOrEqualTo(1);
			assertThat(sdk).as("SDK spans of trace %s", traceId).hasSizeLessThanOrEqualTo(1)
				.allSatisfy((span) -> assertThat(span.span().getName()).isEqualTo("SageMakerRuntime.InvokeEndpoint"));
			if (genAi.size() == 1 && sdk.size() == 1) {
				assertThat(sdk.get(0).parentSpanId()).isEqualTo(genAi.get(0).spanId());
			}
		});
	}

	private static ReceivedSpan awaitSdkSpanUnder(ReceivedSpan genAi) {
		return awaitSpan((candidate) -> candidate.traceId().equals(genAi.traceId())
				&& candidate.parentSpanId().equals(genAi.spanId()));
	}

	private static List<String> names(List<ReceivedMetric> metrics) {
		return metrics.stream().map((metric) -> metric.metric().getName()).distinct().toList();
	}

	private static Metric lastMetric(String name) {
		List<ReceivedMetric> metrics = receiver.metrics();
		Optional<ReceivedMetric> last = metrics.stream()
			.filter((metric) -> metric.metric().getName().equals(name))
			.reduce((first, second) -> second);
		return last.orElseThrow().metric();
	}

	/**
	 * Sum of the scraped series of {@code name} carrying all {@code labels}.
	 */
	static double scrape(String name, Map<String, String> labels) {
		String text = app.getBean(PrometheusMeterRegistry.class).scrape();
		return text.lines()
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> labels.entrySet()
				.stream()
				.allMatch((label) -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
