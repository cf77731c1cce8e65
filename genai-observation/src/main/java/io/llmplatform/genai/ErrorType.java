package io.llmplatform.genai;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one vocabulary of what went wrong, for every provider (SageMaker, vLLM) and every layer
 * (gateway, team service, model client): the {@code errorType} of problem details, the
 * {@code error.type} of spans and the {@code error_type} label of metrics. Each value says
 * whose fault it is, which decides whether a circuit breaker counts it and whether a retry may
 * help.
 */
public enum ErrorType {

	/** No (complete) answer in time: a client timeout, or the request's deadline ran out. */
	TIMEOUT("timeout", Side.SERVER, true),

	/** The provider refused for rate or capacity (HTTP 429, SageMaker {@code ThrottlingException}). */
	THROTTLED("throttled", Side.SERVER, true),

	/** The provider cannot serve now (HTTP 502/503, SageMaker {@code ServiceUnavailable}, model not ready). */
	UNAVAILABLE("unavailable", Side.SERVER, true),

	/** No connection could be made, or it broke before an answer (refused, reset, unknown host). */
	CONNECTION("connection", Side.SERVER, true),

	/** The provider failed internally (SageMaker {@code InternalFailure}, 530). */
	INTERNAL("internal", Side.SERVER, true),

	/**
	 * The model failed while serving a valid request (SageMaker {@code ModelError} from a 5xx of
	 * the container, vLLM 5xx, an answer of the wrong shape). Not retried: the same request
	 * usually fails the same way.
	 */
	MODEL_ERROR("model_error", Side.SERVER, false),

	/** The model rejected the request as invalid (HTTP 400/422, SageMaker {@code ValidationError}). */
	INVALID_REQUEST("invalid_request", Side.CALLER, false),

	/** The prompt plus {@code max_tokens} is longer than the model's context window: the caller's to fix. */
	CONTEXT_LENGTH_EXCEEDED("context_length_exceeded", Side.CALLER, false),

	/** The provider refused our credentials (HTTP 401/403): a deployment problem, not a model fault. */
	UNAUTHORIZED("unauthorized", Side.LOCAL, false),

	/** Not called: the circuit breaker of the model (or team service) is open. */
	CIRCUIT_OPEN("circuit_open", Side.LOCAL, false),

	/** Not called: as many calls as the bulkhead allows are already in flight. */
	BULKHEAD_FULL("bulkhead_full", Side.LOCAL, false),

	/** The judge answered, but without a score that can be read. */
	JUDGE_REPLY_UNPARSEABLE("judge_reply_unparseable", Side.SERVER, false);

	/**
	 * Request (servlet) or exchange (WebFlux) attribute holding the {@link #value()} of a request
	 * that failed; the HTTP server observation conventions then record it as {@code error.type}
	 * on the SERVER span and the {@code http.server.request.duration} metric.
	 */
	public static final String ATTRIBUTE = ErrorType.class.getName();

	private final String value;

	private final Side side;

	private final boolean retryable;

	ErrorType(String value, Side side, boolean retryable) {
		this.value = value;
		this.side = side;
		this.retryable = retryable;
	}

	/**
	 * The value as it appears in problems, spans and metric labels.
	 * @return e.g. {@code context_length_exceeded}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether the provider's side failed: throttling, 5xx, timeouts, connection failures. Only these
	 * count as failures of a circuit breaker; a request the model rejects never does.
	 * @return whether it is a server-side fault
	 */
	public boolean isServerFault() {
		return this.side == Side.SERVER;
	}

	/**
	 * Whether the caller's request is at fault (answered 4xx, never counted by a breaker).
	 * @return whether it is the caller's error
	 */
	public boolean isCallerError() {
		return this.side == Side.CALLER;
	}

	/**
	 * Whether calling again, a little later, may succeed (within the request's deadline).
	 * @return whether a retry may help
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * The error type of a value.
	 * @param value e.g. {@code throttled}
	 * @return the error type, empty if the value is not in the vocabulary
	 */
	public static Optional<ErrorType> of(String value) {
		return Arrays.stream(values()).filter((type) -> type.value.equals(value)).findFirst();
	}

	@Override
	public String toString() {
		return this.value;
	}

	private enum Side {

		SERVER, CALLER, LOCAL

	}

}
