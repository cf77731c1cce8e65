package io.llmplatform.team.quant;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.llmplatform.genai.ErrorType;
import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class ShadowComparisonTests {

	@Test
	void agreementIsTheWordOverlapOfTheTwoAnswers() {
		assertThat(ShadowComparison.agreement("The cat sat.", "the CAT sat")).isEqualTo(1.0);
		assertThat(ShadowComparison.agreement("a b c d", "c d e f")).isCloseTo(2.0 / 6, within(1e-9));
		assertThat(ShadowComparison.agreement("alpha", "omega")).isZero();
		assertThat(ShadowComparison.agreement("", "")).isEqualTo(1.0);
	}

	@Test
	void comparisonsBeyondTheHeldCharactersAreSkippedUntilTheHeldOnesEnd() throws Exception {
		CountDownLatch baselineMayAnswer = new CountDownLatch(1);
		TeamModels models = new BaselineOnly((input) -> {
			try {
				baselineMayAnswer.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return prediction("a large answer");
		});
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ShadowProperties properties = new ShadowProperties();
		properties.setSampleRate(1.0);
		properties.setMaxHeldCharacters(1_000);
		ShadowComparison shadow = new ShadowComparison(models, Tracer.NOOP, meters, properties);
		try {
			// 600 characters of prompt and answer: one fits the budget of 1,000, a second does not.
			PredictInput input = new PredictInput(List.of(ChatTurn.user("p".repeat(590))), 16, 0.0, false);
			Prediction primary = prediction("q".repeat(10));
			shadow.maybeCompare(input, primary);
			shadow.maybeCompare(input, primary);
			assertThat(comparisons(meters, "skipped")).isEqualTo(1.0);
			shadow.maybeCompare(new PredictInput(List.of(ChatTurn.user("small")), 16, 0.0, false), prediction("ok"));
			assertThat(comparisons(meters, "skipped")).as("a small one still fits beside it").isEqualTo(1.0);
			baselineMayAnswer.countDown();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> comparisons(meters, "agree") + comparisons(meters, "disagree") == 2.0);
			shadow.maybeCompare(input, primary);
			assertThat(comparisons(meters, "skipped")).as("the held characters were given back").isEqualTo(1.0);
		}
		finally {
			shadow.destroy();
		}
	}

	@Test
	void aComparisonCutShortByTheShutdownIsSkippedNotAnError() throws Exception {
		CountDownLatch baselineCalled = new CountDownLatch(1);
		TeamModels models = new BaselineOnly((input) -> {
			baselineCalled.countDown();
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ModelCallException("llm-baseline", ErrorType.CONNECTION, "interrupted", ex);
			}
			return prediction("late");
		});
		List<SpanData> ended = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ShadowProperties properties = new ShadowProperties();
		properties.setSampleRate(1.0);
		try (SdkTracerProvider spans = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(new Collecting(ended)))
			.build()) {
			ShadowComparison shadow = new ShadowComparison(models,
					new OtelTracer(spans.get("test"), new OtelCurrentTraceContext(), (event) -> {
					}), meters, properties);
			shadow.maybeCompare(new PredictInput(List.of(ChatTurn.user("hi")), 16, 0.0, false), prediction("hello"));
			assertThat(baselineCalled.await(10, TimeUnit.SECONDS)).isTrue();
			shadow.destroy();
			await().atMost(Duration.ofSeconds(10)).until(() -> comparisons(meters, "skipped") == 1.0);
			await().atMost(Duration.ofSeconds(10)).until(() -> !ended.isEmpty());
		}
		assertThat(comparisons(meters, "error")).isZero();
		assertThat(ended).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("quant shadow compare");
			assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
			assertThat(span.getEvents()).noneMatch((event) -> event.getName().equals("exception"));
		});
	}

	private static double comparisons(SimpleMeterRegistry meters, String outcome) {
		var counter = meters.find(QuantCatalogue.QuantMeters.SHADOW_COMPARISONS.getName())
			.tag(QuantCatalogue.ShadowKeys.OUTCOME.asString(), outcome)
			.counter();
		return (counter != null) ? counter.count() : 0.0;
	}

	private static Prediction prediction(String output) {
		return new Prediction(output, "model", "v1", "endpoint", new TokenUsage(1, 1), Map.of());
	}

	/** Models of which only the baseline answers, as the given function does. */
	private record BaselineOnly(Function<PredictInput, Prediction> baseline) implements TeamModels {

		@Override
		public Prediction primary(PredictInput input) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Prediction endpoint(String endpointName, PredictInput input) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Prediction baseline(PredictInput input) {
			return this.baseline.apply(input);
		}

	}

	/** Keeps every ended span. */
	private record Collecting(List<SpanData> ended) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.ended.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
