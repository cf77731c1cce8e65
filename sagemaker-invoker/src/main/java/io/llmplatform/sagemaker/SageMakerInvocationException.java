package io.llmplatform.sagemaker;

import org.jspecify.annotations.Nullable;

/**
 * A SageMaker call that failed, typed for metrics, fallbacks and problem details by
 * {@link #errorType()} (one of {@link SageMakerErrorTypes}). The message names the endpoint,
 * the error type and the AWS error code and status, never the service's error text: model
 * containers may put request or output text there. The SDK exception is the cause.
 */
public class SageMakerInvocationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String endpointName;

	private final String errorType;

	public SageMakerInvocationException(String endpointName, String errorType, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.endpointName = endpointName;
		this.errorType = errorType;
	}

	/**
	 * The endpoint that was called.
	 * @return the endpoint name
	 */
	public String endpointName() {
		return this.endpointName;
	}

	/**
	 * What went wrong, as a low-cardinality label of the suite's vocabulary
	 * ({@link io.llmplatform.genai.ErrorType}): {@code timeout}, {@code throttled},
	 * {@code model_error}, {@code invalid_request}, {@code context_length_exceeded},
	 * {@code unavailable}, {@code internal}, {@code connection} or {@code unauthorized}.
	 * @return the error type
	 */
	public String errorType() {
		return this.errorType;
	}

	/**
	 * Whether calling again later may succeed (timeouts, throttling, unavailable, internal and
	 * connection failures); rejected requests and model errors will not go away by retrying.
	 * @return whether the failure is transient
	 */
	public boolean isTransient() {
		return SageMakerErrorTypes.isTransient(this.errorType);
	}

}
