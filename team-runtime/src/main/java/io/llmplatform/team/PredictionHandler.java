package io.llmplatform.team;

/**
 * A team's behaviour: how a validated request becomes a prediction. The one bean a team
 * service declares; the runtime serves it on {@code POST /predict} with validation,
 * problem details and telemetry.
 */
@FunctionalInterface
public interface PredictionHandler {

	/**
	 * Answers a request.
	 * @param input the validated request
	 * @return the prediction
	 * @throws ModelCallException when a model could not answer (becomes a 502 or 504 problem)
	 */
	Prediction predict(PredictInput input);

}
