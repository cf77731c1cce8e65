package io.llmplatform.gateway.resilience;

import java.time.Duration;

import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.genai.ErrorType;

import org.springframework.http.HttpHeaders;

/**
 * The gateway answered for a team service without asking it, or stopped waiting for it: its
 * breaker is open, its bulkhead full, or the request's deadline passed. Answered like every
 * rejection of the gateway's own, as the problem {@link #type()} (whose {@code errorType} is
 * {@link #errorType()}) and, when set, {@code Retry-After}.
 */
public class TeamRequestRejectedException extends GatewayProblemException {

	private final ErrorType errorType;

	public TeamRequestRejectedException(GatewayProblemType problemType, ErrorType errorType, String detail,
			Duration retryAfter) {
		super(problemType, detail, retryAfter(retryAfter));
		this.errorType = errorType;
	}

	public ErrorType errorType() {
		return this.errorType;
	}

	private static HttpHeaders retryAfter(Duration retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		if (!retryAfter.isZero()) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return headers;
	}

}
