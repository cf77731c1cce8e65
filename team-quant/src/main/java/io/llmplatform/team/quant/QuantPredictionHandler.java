package io.llmplatform.team.quant;

import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.team.TeamModels;

import org.springframework.stereotype.Component;

/**
 * Answers from the quantized endpoint; hands a sample to the shadow comparison, which never
 * delays the answer.
 */
@Component
class QuantPredictionHandler implements PredictionHandler {

	private final TeamModels models;

	private final ShadowComparison shadow;

	QuantPredictionHandler(TeamModels models, ShadowComparison shadow) {
		this.models = models;
		this.shadow = shadow;
	}

	@Override
	public Prediction predict(PredictInput input) {
		Prediction prediction = this.models.primary(input);
		this.shadow.maybeCompare(input, prediction);
		return prediction;
	}

}
