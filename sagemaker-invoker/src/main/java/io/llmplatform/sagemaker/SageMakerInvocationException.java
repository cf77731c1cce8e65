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
	 * What went wrong, as a low-cardinality label: {@code timeout}, {@code throttled},
	 * {@code model_error}, {@code validation}, {@code unavailable}, {@code internal} or
	 * {@code client}.
	 * @return the error type
	 */
	public String errorType() {
		return this.errorType;
	}

	/**
	 * Whether calling again later may succeed (timeouts, throttling, unavailable, internal
	 * failures); validation errors, model errors and client errors will not go away by retrying.
	 * @return whether the failure is transient
	 */
	public boolean isTransient() {
		return SageMakerErrorTypes.isTransient(this.errorType);
	}

}
