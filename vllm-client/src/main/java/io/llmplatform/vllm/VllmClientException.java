package io.llmplatform.vllm;

import org.jspecify.annotations.Nullable;

/**
 * A vLLM call that failed: the server answered with an error (HTTP status and the OpenAI error
 * body), broke off, sent something unreadable, or could not be reached. The message names the
 * status and the server's error type and message, never the prompt or the completion.
 */
public class VllmClientException extends RuntimeException {

	private final int status;

	private final @Nullable String errorType;

	private final @Nullable String serverMessage;

	/**
	 * Creates an exception.
	 * @param message what failed, without prompt or completion text
	 * @param status the HTTP status, or {@code 0} when no HTTP answer was received
	 * @param errorType the OpenAI error body's {@code error.type}, if any
	 * @param serverMessage the OpenAI error body's {@code error.message}, if any (already
	 * screened for prompt text)
	 * @param cause the underlying failure, if any
	 */
	public VllmClientException(String message, int status, @Nullable String errorType,
			@Nullable String serverMessage, @Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.errorType = errorType;
		this.serverMessage = serverMessage;
	}

	/**
	 * The HTTP status vLLM answered with ({@code 400}, {@code 429}, {@code 503}, ...), the
	 * {@code code} of an error event inside a stream, or {@code 0} when no HTTP answer was
	 * received (timeout, connection refused or broken).
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The {@code error.type} of the OpenAI error body, as vLLM sends it: {@code BadRequestError},
	 * {@code NotFoundError}, {@code RateLimitError}, {@code InternalServerError},
	 * {@code ServiceUnavailableError}, ...
	 * @return the type, or {@code null} when the answer had no OpenAI error body
	 */
	public @Nullable String errorType() {
		return this.errorType;
	}

	/**
	 * The {@code error.message} of the OpenAI error body, shortened, or {@code null} when there
	 * was none or when it quoted the request (validation errors may echo the prompt).
	 * @return the server's message
	 */
	public @Nullable String serverMessage() {
		return this.serverMessage;
	}

	/**
	 * The low-cardinality {@code error.type} recorded on the GenAI span and on the
	 * {@code gen_ai.client.*} metrics, in the suite's one vocabulary (telemetry-starter's
	 * {@code ErrorType}):
	 * <table>
	 * <caption>error.type by cause</caption>
	 * <tr><th>cause</th><th>error.type</th></tr>
	 * <tr><td>no answer within the call's timeout ({@link VllmTimeoutException}); HTTP 408 or 504</td><td>{@code timeout}</td></tr>
	 * <tr><td>HTTP 429</td><td>{@code throttled}</td></tr>
	 * <tr><td>HTTP 503 or 502</td><td>{@code unavailable}</td></tr>
	 * <tr><td>connection refused, reset or broken off before the answer was complete (status 0)</td><td>{@code connection}</td></tr>
	 * <tr><td>any other 5xx, an error event inside a stream with a 5xx code, or a 2xx answer that could not be read</td><td>{@code model_error}</td></tr>
	 * <tr><td>HTTP 401 or 403</td><td>{@code unauthorized}</td></tr>
	 * <tr><td>HTTP 400 saying the prompt exceeds the model's context ("maximum context length")</td><td>{@code context_length_exceeded}</td></tr>
	 * <tr><td>any other 4xx (400 invalid request, 404 unknown model, ...)</td><td>{@code invalid_request}</td></tr>
	 * </table>
	 * @return the error type
	 */
	public String telemetryErrorType() {
		if (this.status == 400 && isContextLengthMessage(this.serverMessage)) {
			return CONTEXT_LENGTH_EXCEEDED;
		}
		return telemetryErrorTypeOf(this.status);
	}

	/** {@code error.type} of a prompt longer than the model's context. */
	public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

	/**
	 * The {@link #telemetryErrorType()} of an answer with the given status.
	 * @param status an HTTP status, or {@code 0} for no answer
	 * @return the error type
	 */
	public static String telemetryErrorTypeOf(int status) {
		if (status == 0) {
			return "connection";
		}
		if (status == 502 || status == 503) {
			return "unavailable";
		}
		if (status == 408 || status == 504) {
			return "timeout";
		}
		if (status == 429) {
			return "throttled";
		}
		if (status == 401 || status == 403) {
			return "unauthorized";
		}
		if (status >= 500) {
			return "model_error";
		}
		if (status >= 400) {
			return "invalid_request";
		}
		return "model_error";
	}

	/**
	 * Whether vLLM's message says the prompt is too long: vLLM answers 400 with "This model's
	 * maximum context length is N tokens. However, you requested M tokens ...".
	 */
	static boolean isContextLengthMessage(@Nullable String message) {
		return message != null && (message.contains("maximum context length") || message.contains("context length"));
	}

}
