package io.llmplatform.team.finetune;

import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.team.RequestDeadline;
import io.llmplatform.team.TeamModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The fine-tuned endpoint first; the baseline when it fails. The answer then says
 * {@code served_by: baseline} and {@code fallback_reason}, and the fallback is counted by
 * reason. The endpoint may take only its share of the request's deadline
 * ({@code platform.team.finetune.primary-share}), so that the baseline has the rest. When the baseline fails too, the problem names both failures ({@code failures}); a
 * request the endpoint refuses as the caller's error (over its context) is answered as such,
 * without a fallback.
 */
@Component
class FallbackPredictionHandler implements PredictionHandler {

	private static final Logger logger = LoggerFactory.getLogger(FallbackPredictionHandler.class);

	private final TeamModels models;

	private final MeterRegistry meters;

	private final FallbackProperties properties;

	FallbackPredictionHandler(TeamModels models, MeterRegistry meters, FallbackProperties properties) {
		this.models = models;
		this.meters = meters;
		this.properties = properties;
	}

	@Override
	public Prediction predict(PredictInput input) {
		try {
			return primary(input);
		}
		catch (ModelCallException ex) {
			if (ex.type().isCallerError()) {
				// The request itself was refused (e.g. longer than the context): the baseline would refuse it too.
				throw ex;
			}
			logger.warn("Fine-tuned endpoint {} failed ({}); answering from the baseline", ex.model(), ex.errorType());
			Counter.builder(FinetuneCatalogue.FinetuneMeters.FALLBACKS.getName())
				.description("Requests answered by the baseline because the fine-tuned endpoint failed")
				.tag(FinetuneCatalogue.FallbackKeys.REASON.asString(), ex.errorType())
				.register(this.meters)
				.increment();
			try {
				return this.models.baseline(input).with("fallback_reason", ex.errorType());
			}
			catch (ModelCallException baselineFailure) {
				// The problem names both failures, the fine-tuned endpoint's first.
				throw baselineFailure.after(ex);
			}
		}
	}

	/** The endpoint, within its share of the deadline: a hang leaves the rest to the baseline. */
	private Prediction primary(PredictInput input) {
		RequestDeadline.Scope scope = RequestDeadline.current()
			.map((deadline) -> deadline.share(this.properties.getPrimaryShare()).makeCurrent())
			.orElse(() -> {
			});
		try (scope) {
			return this.models.primary(input);
		}
	}

}
