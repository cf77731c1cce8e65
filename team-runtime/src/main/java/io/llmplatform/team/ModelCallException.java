package io.llmplatform.team;

import java.util.ArrayList;
import java.util.List;

import io.llmplatform.genai.ErrorType;

/**
 * A model could not answer. The message never contains prompt text. When an answer took
 * several models (a fallback), {@link #failures()} lists every model that failed, oldest first;
 * {@link #model()} and {@link #errorType()} are the last one's.
 */
public class ModelCallException extends RuntimeException {

	/** Error type of a call refused because its circuit breaker is open. */
	public static final String CIRCUIT_OPEN = ErrorType.CIRCUIT_OPEN.value();

	private final String model;

	private final String errorType;

	private final List<Failure> failures;

	/**
	 * @param model the endpoint name or {@code baseline}
	 * @param errorType a value of {@link ErrorType}: {@code timeout}, {@code throttled},
	 * {@code model_error}, {@code unavailable}, {@code circuit_open}, ...
	 * @param message what happened
	 * @param cause the client's exception
	 */
	public ModelCallException(String model, String errorType, String message, Throwable cause) {
		this(model, errorType, message, cause, List.of());
	}

	/**
	 * @param model the endpoint name or {@code baseline}
	 * @param type what went wrong
	 * @param message what happened
	 * @param cause the client's exception, if any
	 */
	public ModelCallException(String model, ErrorType type, String message, Throwable cause) {
		this(model, type.value(), message, cause, List.of());
	}

	private ModelCallException(String model, String errorType, String message, Throwable cause,
			List<Failure> earlier) {
		super(message, cause);
		this.model = model;
		this.errorType = errorType;
		List<Failure> all = new ArrayList<>(earlier);
		all.add(new Failure(model, errorType));
		this.failures = List.copyOf(all);
	}

	public String model() {
		return this.model;
	}

	public String errorType() {
		return this.errorType;
	}

	/**
	 * The error type in the suite's vocabulary.
	 * @return the type, {@link ErrorType#INTERNAL} for a value outside it
	 */
	public ErrorType type() {
		return ErrorType.of(this.errorType).orElse(ErrorType.INTERNAL);
	}

	/**
	 * Every model that failed for this answer, oldest first; this failure is the last.
	 * @return the failures
	 */
	public List<Failure> failures() {
		return this.failures;
	}

	/**
	 * This failure, after an earlier one of another model (e.g. the baseline failing after the
	 * fine-tuned endpoint did): the problem then names both.
	 * @param earlier the failure that came first
	 * @return this failure with the earlier ones before it
	 */
	public ModelCallException after(ModelCallException earlier) {
		ModelCallException combined = new ModelCallException(this.model, this.errorType,
				earlier.getMessage() + "; then " + getMessage(), getCause(), earlier.failures);
		combined.addSuppressed(earlier);
		return combined;
	}

	/**
	 * Whether the model did not answer in time (a 504 rather than a 502).
	 * @return whether it timed out
	 */
	public boolean isTimeout() {
		return type() == ErrorType.TIMEOUT;
	}

	/**
	 * One model that failed.
	 *
	 * @param model the endpoint name or {@code baseline}
	 * @param errorType what went wrong
	 */
	public record Failure(String model, String errorType) {
	}

}
