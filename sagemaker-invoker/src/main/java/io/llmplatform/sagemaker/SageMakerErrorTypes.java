package io.llmplatform.sagemaker;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The {@code error_type} of a failed SageMaker call, mapped from the AWS SDK's exceptions: the
 * value of the {@code sagemaker.invoke.errors} label, of {@code error.type} on the span and of
 * {@link SageMakerInvocationException#errorType()}. The one place this mapping lives.
 */
public final class SageMakerErrorTypes {

	/** The call or one attempt ran out of time (SDK timeouts, socket read/connect timeouts). */
	public static final String TIMEOUT = "timeout";

	/** SageMaker throttled the call (400 {@code ThrottlingException}, or any code the SDK deems throttling). */
	public static final String THROTTLED = "throttled";

	/** The model container failed ({@code ModelError}, 424), or answered something that is not the expected shape. */
	public static final String MODEL_ERROR = "model_error";

	/** The request was rejected ({@code ValidationError}, 400): unknown endpoint or variant, bad input. */
	public static final String VALIDATION = "validation";

	/** The endpoint cannot serve now ({@code ServiceUnavailable}, 503; {@code ModelNotReadyException}, 429). */
	public static final String UNAVAILABLE = "unavailable";

	/** SageMaker failed internally ({@code InternalFailure}, 500; {@code InternalDependencyException}, 530). */
	public static final String INTERNAL = "internal";

	/** Anything else: the client side (connection refused, credentials, signing) or an unmodelled service error. */
	public static final String CLIENT = "client";

	private static final Set<String> TRANSIENT = Set.of(TIMEOUT, THROTTLED, UNAVAILABLE, INTERNAL);

	private SageMakerErrorTypes() {
	}

	/**
	 * The error type of an exception thrown by the SageMaker Runtime client.
	 * @param exception what the SDK threw
	 * @return the error type, never {@code null}
	 */
	public static String of(Throwable exception) {
		if (exception instanceof ApiCallTimeoutException || exception instanceof ApiCallAttemptTimeoutException) {
			return TIMEOUT;
		}
		// Modelled exceptions first: ModelNotReadyException (429) would otherwise count as throttling.
		if (exception instanceof ModelErrorException) {
			return MODEL_ERROR;
		}
		if (exception instanceof ValidationErrorException) {
			return VALIDATION;
		}
		if (exception instanceof ServiceUnavailableException || exception instanceof ModelNotReadyException) {
			return UNAVAILABLE;
		}
		if (exception instanceof InternalFailureException || exception instanceof InternalDependencyException) {
			return INTERNAL;
		}
		// ThrottlingException is not in SageMaker Runtime's service model: the SDK raises the base
		// exception (status 400) and recognises throttling by its error code.
		if (exception instanceof SdkServiceException service && service.isThrottlingException()) {
			return THROTTLED;
		}
		if (exception instanceof SdkClientException && causedByTimeout(exception)) {
			return TIMEOUT;
		}
		return CLIENT;
	}

	/**
	 * Whether calling again later may succeed.
	 * @param errorType an error type of this class
	 * @return {@code true} for timeouts, throttling, unavailable and internal failures
	 */
	public static boolean isTransient(String errorType) {
		return TRANSIENT.contains(errorType);
	}

	private static boolean causedByTimeout(Throwable exception) {
		for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
			// Apache's ConnectTimeoutException is an InterruptedIOException too, named so; matched by
			// name to keep this mapping independent of the HTTP client in use.
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
					|| (cause instanceof InterruptedIOException
							&& cause.getClass().getSimpleName().endsWith("TimeoutException"))) {
				return true;
			}
			if (cause == cause.getCause()) {
				break;
			}
		}
		return false;
	}

}
