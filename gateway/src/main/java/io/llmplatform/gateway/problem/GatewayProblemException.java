package io.llmplatform.gateway.problem;

import org.springframework.http.HttpHeaders;

/**
 * A rejection the gateway decides itself (authentication, limits, quotas): its problem type, a
 * detail safe to show the caller, and the headers that go with it ({@code Retry-After},
 * {@code WWW-Authenticate}). Carries no stack trace: it is an answer, not a failure.
 */
public class GatewayProblemException extends RuntimeException {

	private final GatewayProblemType type;

	private final transient HttpHeaders headers;

	public GatewayProblemException(GatewayProblemType type, String detail) {
		this(type, detail, new HttpHeaders());
	}

	public GatewayProblemException(GatewayProblemType type, String detail, HttpHeaders headers) {
		super(detail, null, false, false);
		this.type = type;
		this.headers = headers;
	}

	public GatewayProblemType type() {
		return this.type;
	}

	/** The detail member of the problem: written for the caller, never holding a secret. */
	public String detail() {
		return getMessage();
	}

	public HttpHeaders headers() {
		return this.headers;
	}

}
