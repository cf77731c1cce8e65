package io.llmplatform.gateway.resilience;

import java.time.Duration;

import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.telemetry.ErrorType;

/**
 * The gateway answered for a team service without asking it, or stopped waiting for it: its
 * breaker is open, its bulkhead full, or the request's deadline passed. Answered as the problem
 * {@link #problemType()} with {@code errorType} {@link #errorType()} and, when set,
 * {@code Retry-After}.
 */
public class TeamRequestRejectedException extends RuntimeException {

	private final GatewayProblemType problemType;

	private final ErrorType errorType;

	private final Duration retryAfter;

	public TeamRequestRejectedException(GatewayProblemType problemType, ErrorType errorType, String detail,
			Duration retryAfter) {
		super(detail, null, false, false);
		this.problemType = problemType;
		this.errorType = errorType;
		this.retryAfter = retryAfter;
	}

	public GatewayProblemType problemType() {
		return this.problemType;
	}

	public ErrorType errorType() {
		return this.errorType;
	}

	/**
	 * When to try again.
	 * @return the wait, zero for no {@code Retry-After}
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
