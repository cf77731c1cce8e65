package io.llmplatform.sagemaker;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

import io.llmplatform.genai.ErrorType;
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
 * The {@code error_type} of a failed SageMaker call, mapped from the AWS SDK's exceptions to the
 * suite's one vocabulary ({@link ErrorType}): the value of the {@code sagemaker.invoke.errors}
 * label, of {@code error.type} on the span and of {@link SageMakerInvocationException#errorType()}.
 * The one place this mapping lives.
 */
public final class SageMakerErrorTypes {

	/** The call or one attempt ran out of time (SDK timeouts, socket read/connect timeouts). */
	public static final String TIMEOUT = ErrorType.TIMEOUT.value();

	/** SageMaker throttled the call (400 {@code ThrottlingException}, or any code the SDK deems throttling). */
	public static final String THROTTLED = ErrorType.THROTTLED.value();

	/**
	 * The model container failed ({@code ModelError}, 424, from a 5xx of the container or a container
	 * timeout), or answered something that is not the expected shape.
	 */
	public static final String MODEL_ERROR = ErrorType.MODEL_ERROR.value();

	/**
	 * The request was rejected ({@code ValidationError}, 400: unknown endpoint or variant, bad input;
	 * or a {@code ModelError} whose container answered 4xx).
	 */
	public static final String INVALID_REQUEST = ErrorType.INVALID_REQUEST.value();

	/** The container rejected the prompt as longer than its context ({@code ModelError} from a 4xx saying so). */
	public static final String CONTEXT_LENGTH_EXCEEDED = ErrorType.CONTEXT_LENGTH_EXCEEDED.value();

	/** The endpoint cannot serve now ({@code ServiceUnavailable}, 503; {@code ModelNotReadyException}, 429). */
	public static final String UNAVAILABLE = ErrorType.UNAVAILABLE.value();

	/** SageMaker failed internally ({@code InternalFailure}, 500; {@code InternalDependencyException}, 530). */
	public static final String INTERNAL = ErrorType.INTERNAL.value();

	/** No connection, or it broke before an answer (refused, reset, unknown host). */
	public static final String CONNECTION = ErrorType.CONNECTION.value();

	/** Credentials or permissions refused (401/403 service errors, no credentials found). */
	public static final String UNAUTHORIZED = ErrorType.UNAUTHORIZED.value();

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
		if (exception instanceof ModelErrorException modelError) {
			return modelError(modelError);
		}
		if (exception instanceof ValidationErrorException) {
			return INVALID_REQUEST;
		}
		if (exception instanceof ServiceUnavailableException || exception instanceof ModelNotReadyException) {
			return UNAVAILABLE;
		}
		if (exception instanceof InternalFailureException || exception instanceof InternalDependencyException) {
			return INTERNAL;
		}
		// ThrottlingException is not in SageMaker Runtime's service model: the SDK raises the base
		// exception (status 400) and recognises throttling by its error code.
		if (exception instanceof SdkServiceException service) {
			if (service.isThrottlingException()) {
				return THROTTLED;
			}
			int status = service.statusCode();
			if (status == 401 || status == 403) {
				return UNAUTHORIZED;
			}
			return (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL;
		}
		if (exception instanceof SdkClientException) {
			if (causedByTimeout(exception)) {
				return TIMEOUT;
			}
			if (causedByConnectionFailure(exception)) {
				return CONNECTION;
			}
			return (exception.getMessage() != null && exception.getMessage().contains("credentials")) ? UNAUTHORIZED
					: CONNECTION;
		}
		return INTERNAL;
	}

	/**
	 * Whether calling again later may succeed.
	 * @param errorType an error type of this class
	 * @return {@code true} for timeouts, throttling, unavailable, internal and connection failures
	 */
	public static boolean isTransient(String errorType) {
		return ErrorType.of(errorType).map(ErrorType::isRetryable).orElse(false);
	}

	/**
	 * A container's 4xx is the request's fault: TGI answers 422 "inputs tokens + max_new_tokens must
	 * be <= N", vLLM-based containers "maximum context length is N tokens". The container's text is
	 * read to classify it, never passed on.
	 */
	private static String modelError(ModelErrorException exception) {
		Integer original = exception.originalStatusCode();
		if (original == null || original < 400 || original >= 500) {
			return (original != null && original == 0) ? TIMEOUT : MODEL_ERROR;
		}
		String message = exception.originalMessage();
		if (message != null && (message.contains("max_new_tokens` must be <=")
				|| message.contains("maximum context length") || message.contains("context length"))) {
			return CONTEXT_LENGTH_EXCEEDED;
		}
		return INVALID_REQUEST;
	}

	private static boolean causedByConnectionFailure(Throwable exception) {
		for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
					|| cause instanceof java.net.SocketException
					|| cause.getClass().getSimpleName().equals("NoHttpResponseException")) {
				return true;
			}
			if (cause == cause.getCause()) {
				break;
			}
		}
		return false;
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
