package io.llmplatform.team;

/**
 * A model could not answer. The message never contains prompt text.
 */
public class ModelCallException extends RuntimeException {

	/** Error type of a call refused because its circuit breaker is open. */
	public static final String CIRCUIT_OPEN = "circuit_open";

	private final String model;

	private final String errorType;

	/**
	 * @param model the endpoint name or {@code baseline}
	 * @param errorType {@code timeout}, {@code throttled}, {@code model_error}, {@code unavailable},
	 * {@code circuit_open}, ...
	 * @param message what happened
	 * @param cause the client's exception
	 */
	public ModelCallException(String model, String errorType, String message, Throwable cause) {
		super(message, cause);
		this.model = model;
		this.errorType = errorType;
	}

	public String model() {
		return this.model;
	}

	public String errorType() {
		return this.errorType;
	}

	/**
	 * Whether the model did not answer in time (a 504 rather than a 502).
	 * @return whether it timed out
	 */
	public boolean isTimeout() {
		return "timeout".equals(this.errorType);
	}

}
