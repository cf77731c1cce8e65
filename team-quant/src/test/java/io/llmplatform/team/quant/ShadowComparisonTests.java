package io.llmplatform.team.quant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
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
		TeamModels models = new TeamModels() {

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
				try {
					baselineMayAnswer.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return prediction("a large answer");
			}

		};
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

	private static double comparisons(SimpleMeterRegistry meters, String outcome) {
		var counter = meters.find(QuantCatalogue.QuantMeters.SHADOW_COMPARISONS.getName())
			.tag(QuantCatalogue.ShadowKeys.OUTCOME.asString(), outcome)
			.counter();
		return (counter != null) ? counter.count() : 0.0;
	}

	private static Prediction prediction(String output) {
		return new Prediction(output, "model", "v1", "endpoint", new TokenUsage(1, 1), Map.of());
	}

}
