package io.llmplatform.team;

/**
 * The models a team may call, each behind its bulkhead, retry and circuit breaker and within
 * the request's {@link RequestDeadline}: the team's SageMaker endpoint, any other endpoint (e.g. a
 * judge), and the vLLM baseline. Failures surface as {@link ModelCallException}.
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

	/**
	 * Refuses at once, without calling it, when a SageMaker endpoint's circuit breaker is open:
	 * for handlers that would otherwise spend another model's call first (eval checks its judge
	 * before asking the baseline).
	 * @param endpointName the endpoint
	 * @throws ModelCallException {@code circuit_open} when its breaker is open
	 */
	default void requireAvailable(String endpointName) {
		// Models without breakers are always worth a try.
	}

}
