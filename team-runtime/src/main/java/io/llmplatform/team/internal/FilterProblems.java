package io.llmplatform.team.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmplatform.telemetry.web.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem from a servlet filter, where {@link ProblemDetailsAdvice} cannot
 * answer: always {@code application/problem+json}, whatever the request's {@code Accept} says,
 * with the request's {@code correlationId}. {@link ProblemErrorReportValve}, below the filters,
 * writes the same body. Internal: not a stable API.
 */
final class FilterProblems {

	private static final JsonMapper json = JsonMapper.shared();

	private FilterProblems() {
	}

	static void write(HttpServletResponse response, HttpStatus status, URI type, String title, String detail)
			throws IOException {
		String body = body(status.value(), type, title, detail, MDC.get(CorrelationIdFilter.CORRELATION_ID));
		response.resetBuffer();
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	/** The problem's JSON: {@code type}, {@code title}, {@code status}, {@code detail}, {@code correlationId}. */
	static String body(int status, URI type, String title, String detail, @Nullable String correlationId) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.toString());
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		if (correlationId != null) {
			problem.put("correlationId", correlationId);
		}
		return json.writeValueAsString(problem);
	}

}
