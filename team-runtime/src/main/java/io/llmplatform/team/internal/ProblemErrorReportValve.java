package io.llmplatform.team.internal;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmplatform.team.ProblemTypes;
import io.llmplatform.telemetry.internal.CorrelationIds;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Answers what Tomcat rejects before any filter or controller runs (a request head it cannot
 * parse, or one larger than {@code server.max-http-request-header-size} or with more fields than
 * {@code platform.team.max-header-count}) with an RFC 9457 problem instead of Tomcat's HTML error
 * page: a head too large is 431 {@code request-header-fields-too-large} (Tomcat says 400),
 * anything else the status Tomcat chose with {@code about:blank}. The correlation id is the
 * caller's when Tomcat read an acceptable one, a new one otherwise. Like Spring Boot's own valve it
 * never shows the exception or the server's version. Internal: not a stable API.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

	/**
	 * Tomcat's messages for a head over {@code maxHttpHeaderSize} ({@code iib.requestheadertoolarge.error}) and
	 * for more fields than {@code maxHeaderCount} ({@code headers.maxCountFail}): its only sign of either.
	 */
	private static final List<String> HEAD_TOO_LARGE = List.of("Request header is too large",
			"More than the maximum allowed number of headers");

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String HEAD_TOO_LARGE_DETAIL = "The request head is larger, or has more header fields, than "
			+ "the service accepts.";

	private static final String REFUSED_DETAIL = "The request was refused before the service read it.";

	private final String correlationHeader;

	private final CorrelationIds correlationIds;

	public ProblemErrorReportValve(String correlationHeader, CorrelationIds correlationIds) {
		this.correlationHeader = correlationHeader;
		this.correlationIds = correlationIds;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		// The same guards as Tomcat's: an error, nothing written yet, reported once, the connection still usable.
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String correlationId = this.correlationIds.resolve(request.getHeader(this.correlationHeader));
		boolean headTooLarge = isHeadTooLarge(throwable);
		int status = headTooLarge ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value() : response.getStatus();
		String body = headTooLarge
				? FilterProblems.body(status, ProblemTypes.REQUEST_HEADER_FIELDS_TOO_LARGE, reasonPhrase(status),
						HEAD_TOO_LARGE_DETAIL, correlationId)
				: FilterProblems.body(status, ABOUT_BLANK, reasonPhrase(status), REFUSED_DETAIL, correlationId);
		try {
			response.setStatus(status);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setHeader(this.correlationHeader, correlationId);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The caller is gone or the response committed meanwhile: nothing more can be said.
		}
	}

	private static String reasonPhrase(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

	private static boolean isHeadTooLarge(@Nullable Throwable throwable) {
		String message = (throwable != null) ? throwable.getMessage() : null;
		return message != null && HEAD_TOO_LARGE.stream().anyMatch(message::startsWith);
	}

}
