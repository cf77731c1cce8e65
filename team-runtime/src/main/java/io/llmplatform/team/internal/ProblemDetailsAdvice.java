package io.llmplatform.team.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.ProblemTypes;
import io.llmplatform.genai.ErrorType;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem details with a stable {@code type}, the right status and
 * the request's {@code correlationId}; never a stack trace or a prompt.
 * Internal: not a stable API.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final Map<Integer, URI> TYPES_BY_STATUS = Map.of(400, ProblemTypes.MALFORMED_REQUEST, 404,
			ProblemTypes.NOT_FOUND, 405, ProblemTypes.METHOD_NOT_ALLOWED, 415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request breaks " + ex.getErrorCount() + " rule(s); see errors.");
		problem.setType(ProblemTypes.INVALID_REQUEST);
		problem.setTitle("Invalid request");
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		List<Map<String, String>> global = ex.getBindingResult()
			.getGlobalErrors()
			.stream()
			.map((error) -> Map.of("field", "", "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		problem.setProperty("errors", concat(errors, global));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The parser's message can echo parts of the body: it is not passed on.
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is not JSON of the predict request's shape.");
		problem.setTitle("Malformed request");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(ModelCallException.class)
	ResponseEntity<Object> handleModelCall(ModelCallException ex, WebRequest request) {
		ModelProblem kind = ModelProblem.of(ex.type());
		logger.warn("Model {} failed: {} ({})", ex.model(), ex.errorType(), ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(kind.status, detail(ex));
		problem.setType(kind.type);
		problem.setTitle(kind.title);
		problem.setProperty("model", ex.model());
		problem.setProperty("errorType", ex.errorType());
		if (ex.failures().size() > 1) {
			problem.setProperty("failures", ex.failures()
				.stream()
				.map((failure) -> Map.of("model", failure.model(), "errorType", failure.errorType()))
				.toList());
		}
		// The SERVER span and the HTTP server metric say what went wrong in the same words as the problem.
		request.setAttribute(ErrorType.ATTRIBUTE, ex.errorType(), RequestAttributes.SCOPE_REQUEST);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(kind.status);
		if (kind == ModelProblem.UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		decorate(problem, kind.status);
		return response.body(problem);
	}

	private static String detail(ModelCallException ex) {
		if (ex.failures().size() > 1) {
			return String.join("; then ", ex.failures()
				.stream()
				.map((failure) -> "model " + failure.model() + " failed: " + failure.errorType())
				.toList()) + ".";
		}
		if (ex.type() == ErrorType.CONTEXT_LENGTH_EXCEEDED) {
			return "The prompt plus max_tokens is longer than the context of model " + ex.model()
					+ "; shorten the prompt or lower max_tokens.";
		}
		return "Model " + ex.model() + " did not answer: " + ex.errorType() + ".";
	}

	/** How a model's failure is answered, by its error type. */
	private enum ModelProblem {

		TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.MODEL_TIMEOUT, "Model timeout"),

		CONTEXT_LENGTH(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.CONTEXT_LENGTH_EXCEEDED,
				"Prompt exceeds the model's context"),

		UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.MODEL_UNAVAILABLE, "Model unavailable"),

		ERROR(HttpStatus.BAD_GATEWAY, ProblemTypes.MODEL_ERROR, "Model error");

		final HttpStatus status;

		final URI type;

		final String title;

		ModelProblem(HttpStatus status, URI type, String title) {
			this.status = status;
			this.type = type;
			this.title = title;
		}

		static ModelProblem of(ErrorType type) {
			return switch (type) {
				case TIMEOUT -> TIMEOUT;
				case CONTEXT_LENGTH_EXCEEDED -> CONTEXT_LENGTH;
				case CIRCUIT_OPEN, BULKHEAD_FULL -> UNAVAILABLE;
				default -> ERROR;
			};
		}

	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		logger.error("Unexpected failure", ex);
		request.setAttribute(ErrorType.ATTRIBUTE, ErrorType.INTERNAL.value(), RequestAttributes.SCOPE_REQUEST);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Unexpected failure; the service's logs have the details under this correlation id.");
		problem.setType(ProblemTypes.INTERNAL);
		problem.setTitle("Internal error");
		return withCorrelationId(problem, HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			decorate(problem, statusCode);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private ResponseEntity<Object> withCorrelationId(ProblemDetail problem, HttpStatus status) {
		decorate(problem, status);
		return ResponseEntity.status(status).body(problem);
	}

	private static void decorate(ProblemDetail problem, HttpStatusCode status) {
		if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
			problem.setType(TYPES_BY_STATUS.getOrDefault(status.value(), ProblemTypes.INTERNAL));
		}
		String correlationId = MDC.get(CorrelationIdFilter.CORRELATION_ID);
		if (correlationId != null) {
			problem.setProperty("correlationId", correlationId);
		}
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}

}
