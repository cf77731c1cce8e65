package io.llmplatform.team.finetune;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.RequestDeadline;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FallbackPredictionHandlerTests {

	private static final PredictInput INPUT = new PredictInput(List.of(ChatTurn.user("hi")), 16, 0.7, false);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void endpointAnswerIsServedAsIs() {
		Prediction prediction = new FallbackPredictionHandler(new Models(null, null), this.meters, new FallbackProperties()).predict(INPUT);
		assertThat(prediction.servedBy()).isEqualTo("finetune-endpoint");
		assertThat(this.meters.find("finetune.fallbacks").counter()).isNull();
	}

	@Test
	void endpointFailureFallsBackToTheBaselineAndIsCountedByReason() {
		Models models = new Models(new ModelCallException("finetune-endpoint", "timeout", "no answer", null), null);
		Prediction prediction = new FallbackPredictionHandler(models, this.meters, new FallbackProperties()).predict(INPUT);
		assertThat(prediction.servedBy()).isEqualTo(Prediction.BASELINE);
		assertThat(prediction.extensions()).containsEntry("fallback_reason", "timeout");
		assertThat(this.meters.get("finetune.fallbacks").tag("reason", "timeout").counter().count()).isEqualTo(1);
	}

	@Test
	void whenTheBaselineFailsTooTheAnswerNamesBothFailures() {
		ModelCallException baselineDown = new ModelCallException("baseline", "unavailable", "down", null);
		Models models = new Models(new ModelCallException("finetune-endpoint", "model_error", "bad", null),
				baselineDown);
		assertThatExceptionOfType(ModelCallException.class)
			.isThrownBy(() -> new FallbackPredictionHandler(models, this.meters, new FallbackProperties()).predict(INPUT))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("baseline");
				assertThat(ex.errorType()).isEqualTo("unavailable");
				assertThat(ex.failures()).containsExactly(
						new ModelCallException.Failure("finetune-endpoint", "model_error"),
						new ModelCallException.Failure("baseline", "unavailable"));
			});
	}

	@Test
	void aPromptBeyondTheContextIsTheCallersErrorAndNotAFallback() {
		ModelCallException tooLong = new ModelCallException("finetune-endpoint", "context_length_exceeded", "long",
				null);
		Models models = new Models(tooLong, null);
		assertThatExceptionOfType(ModelCallException.class)
			.isThrownBy(() -> new FallbackPredictionHandler(models, this.meters, new FallbackProperties()).predict(INPUT))
			.isSameAs(tooLong);
		assertThat(this.meters.find("finetune.fallbacks").counter()).isNull();
	}

	@Test
	void theEndpointGetsItsShareOfTheDeadlineAndTheBaselineTheRest() {
		List<Duration> seen = new java.util.ArrayList<>();
		Models models = new Models(new ModelCallException("finetune-endpoint", "timeout", "no answer", null), null);
		TeamModels recording = new TeamModels() {

			@Override
			public Prediction primary(PredictInput input) {
				seen.add(RequestDeadline.current().orElseThrow().remaining());
				return models.primary(input);
			}

			@Override
			public Prediction endpoint(String endpointName, PredictInput input) {
				return models.endpoint(endpointName, input);
			}

			@Override
			public Prediction baseline(PredictInput input) {
				seen.add(RequestDeadline.current().orElseThrow().remaining());
				return models.baseline(input);
			}

		};
		try (RequestDeadline.Scope scope = RequestDeadline.after(Duration.ofSeconds(10)).makeCurrent()) {
			new FallbackPredictionHandler(recording, this.meters, new FallbackProperties()).predict(INPUT);
		}
		assertThat(seen.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(6)).isGreaterThan(Duration.ofSeconds(5));
		assertThat(seen.get(1)).as("the baseline has the whole deadline again").isGreaterThan(Duration.ofSeconds(9));
	}

	record Models(ModelCallException primaryFailure, ModelCallException baselineFailure) implements TeamModels {

		@Override
		public Prediction primary(PredictInput input) {
			if (this.primaryFailure != null) {
				throw this.primaryFailure;
			}
			return endpoint("finetune-endpoint", input);
		}

		@Override
		public Prediction endpoint(String endpointName, PredictInput input) {
			return new Prediction("tuned", endpointName, "v2", endpointName, new TokenUsage(1, 1), Map.of());
		}

		@Override
		public Prediction baseline(PredictInput input) {
			if (this.baselineFailure != null) {
				throw this.baselineFailure;
			}
			return new Prediction("base", "llm-baseline", "llm-baseline", Prediction.BASELINE, new TokenUsage(1, 1),
					Map.of());
		}

	}

}
