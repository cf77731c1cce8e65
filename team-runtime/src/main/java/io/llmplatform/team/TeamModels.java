package io.llmplatform.team;

/**
 * The models a team may call, each behind its circuit breaker: the team's SageMaker endpoint,
 * any other endpoint (e.g. a judge), and the vLLM baseline. Failures surface as
 * {@link ModelCallException}.
 */
public interface TeamModels {

	/**
	 * Asks the team's own SageMaker endpoint ({@code platform.team.endpoint}).
	 * @param input the request
	 * @return the prediction, {@code served_by} the endpoint name
	 */
	Prediction primary(PredictInput input);

	/**
	 * Asks a named SageMaker endpoint.
	 * @param endpointName the endpoint
	 * @param input the request
	 * @return the prediction, {@code served_by} the endpoint name
	 */
	Prediction endpoint(String endpointName, PredictInput input);

	/**
	 * Asks the vLLM baseline ({@code platform.team.baseline-model}); streams when the
	 * input asks for it.
	 * @param input the request
	 * @return the prediction, {@code served_by} {@value Prediction#BASELINE}
	 */
	Prediction baseline(PredictInput input);

}
