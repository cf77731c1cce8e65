package io.llmplatform.gateway.problem;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;

import io.llmplatform.gateway.observation.ApiRequestTelemetry;
import io.llmplatform.genai.ErrorType;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Answers every error of the main port with an RFC 9457 {@code application/problem+json}
 * body: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and the
 * request's {@code correlationId}. Never a stack trace or an exception message of the
 * gateway's internals: those go to the log.
 * <p>
 * Ordered before Boot's {@code DefaultErrorWebExceptionHandler} (-1), after Spring Cloud
 * Gateway's {@code ObservationClosingWebExceptionHandler}, which ends the CLIENT span first.
 */
public class ProblemDetailsExceptionHandler implements ErrorWebExceptionHandler, Ordered {

	/** Name of the extension member carrying the correlation id. */
	public static final String CORRELATION_ID_PROPERTY = "correlationId";

	/** Name of the extension member saying what failed, in the suite's error vocabulary. */
	public static final String ERROR_TYPE_PROPERTY = "errorType";

	static final int ORDER = -2;

	private static final ResolvableType PROBLEM_TYPE = ResolvableType.forClass(ProblemDetail.class);

	private static final Log logger = LogFactory.getLog(ProblemDetailsExceptionHandler.class);

	private static final DisconnectedClientHelper disconnectedClients = new DisconnectedClientHelper(
			ProblemDetailsExceptionHandler.class.getName());

	private final String correlationHeader;

	private final HttpMessageWriter<Object> problemWriter;

	@SuppressWarnings("unchecked")
	public ProblemDetailsExceptionHandler(String correlationHeader, ServerCodecConfigurer codecs) {
		this.correlationHeader = correlationHeader;
		this.problemWriter = (HttpMessageWriter<Object>) codecs.getWriters()
			.stream()
			.filter((writer) -> writer.canWrite(PROBLEM_TYPE, MediaType.APPLICATION_PROBLEM_JSON))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No codec writes application/problem+json"));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			// Part of an answer (e.g. the team's status line) is already out: nothing can be replaced.
			return Mono.error(ex);
		}
		if (disconnectedClients.checkAndLogClientDisconnectedException(ex)) {
			// The caller closed the connection (e.g. in the middle of its body): no one to answer, and not a failure
			// of the gateway; a debug line, not an error with a stack trace.
			return Mono.empty();
		}
		// What toProblem logs carries the request's trace id: handle restores the observation of a request outside
		// /api/**, and inScope puts the gateway's own SERVER span of an /api/** request in scope.
		return Mono.just(ex)
			.<Problem>handle((failure, sink) -> sink.next(ApiRequestTelemetry.inScope(exchange, () -> toProblem(exchange, failure))))
			.flatMap((problem) -> write(exchange, problem));
	}

	private Mono<Void> write(ServerWebExchange exchange, Problem problem) {
		ProblemDetail body = problem.body();
		if (body.getProperties() != null && body.getProperties().get(ERROR_TYPE_PROPERTY) instanceof String errorType) {
			// error.type of the SERVER span and the HTTP server metric, in the problem's words.
			exchange.getAttributes().put(ErrorType.ATTRIBUTE, errorType);
		}
		body.setInstance(java.net.URI.create(exchange.getRequest().getPath().value()));
		String correlationId = correlationId(exchange);
		if (correlationId != null) {
			body.setProperty(CORRELATION_ID_PROPERTY, correlationId);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(body.getStatus()));
		HttpHeaders headers = response.getHeaders();
		headers.addAll(problem.headers());
		if (correlationId != null) {
			headers.set(this.correlationHeader, correlationId);
		}
		// Written as problem+json whatever the request's Accept says: a client that asked for HTML
		// still learns what went wrong, rather than getting a 406 about the error page.
		return this.problemWriter.write(Mono.just(body), PROBLEM_TYPE, MediaType.APPLICATION_PROBLEM_JSON, response,
				Map.of());
	}

	private @Nullable String correlationId(ServerWebExchange exchange) {
		// CorrelationIdWebFilter (telemetry-starter) runs first and leaves the id in both places.
		Object fromAttribute = exchange.getAttribute(CorrelationIdFilter.CORRELATION_ID);
		if (fromAttribute instanceof String id) {
			return id;
		}
		return exchange.getResponse().getHeaders().getFirst(this.correlationHeader);
	}

	private Problem toProblem(ServerWebExchange exchange, Throwable ex) {
		String path = exchange.getRequest().getPath().value();
		if (ex instanceof GatewayProblemException rejection) {
			Problem problem = Problem.of(rejection.type(), rejection.detail());
			problem.headers().addAll(rejection.headers());
			return problem;
		}
		if (ex instanceof UnknownTeamException) {
			return Problem.of(GatewayProblemType.UNKNOWN_TEAM,
					"No team service is configured for the team in " + path + ".");
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			Problem problem = Problem.of(GatewayProblemType.METHOD_NOT_ALLOWED, exchange.getRequest().getMethod()
					+ " is not supported on " + path + "; use " + allowed(notAllowed) + ".");
			problem.headers().setAllow(notAllowed.getSupportedMethods());
			return problem;
		}
		if (causedBy(ex, io.netty.channel.ConnectTimeoutException.class)) {
			return Problem.of(GatewayProblemType.UPSTREAM_TIMEOUT, "The team service did not accept a connection within "
					+ timeout(exchange, RouteMetadataUtils.CONNECT_TIMEOUT_ATTR) + ".");
		}
		if (isTimeout(ex)) {
			return Problem.of(GatewayProblemType.UPSTREAM_TIMEOUT, "The team service did not answer within "
					+ timeout(exchange, RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR) + ".");
		}
		if (isUnavailable(ex)) {
			return Problem.of(GatewayProblemType.UPSTREAM_UNAVAILABLE, "The team service could not be reached.");
		}
		if (ex instanceof ResponseStatusException statusException
				&& statusException.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
			return Problem.of(GatewayProblemType.NOT_FOUND, "Nothing is served at " + path + ".");
		}
		if (ex instanceof ErrorResponse errorResponse && !errorResponse.getStatusCode().is5xxServerError()) {
			// Other client errors Spring detected (malformed request, unsupported media type, ...):
			// RFC 9457's "about:blank" type, with Spring's own client-facing detail.
			return Problem.ofStatus(errorResponse.getStatusCode(), errorResponse.getBody().getDetail(),
					errorResponse.getHeaders());
		}
		logger.error("Request to " + path + " failed inside the gateway", ex);
		return Problem.of(GatewayProblemType.INTERNAL_ERROR, "The gateway could not handle the request.");
	}

	private static String allowed(MethodNotAllowedException ex) {
		return String.join(", ", ex.getSupportedMethods().stream().map(Object::toString).sorted().toList());
	}

	private static boolean isTimeout(Throwable ex) {
		if (ex instanceof ResponseStatusException statusException
				&& statusException.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			// NettyRoutingFilter's response timeout.
			return true;
		}
		return causedBy(ex, java.util.concurrent.TimeoutException.class)
				|| causedBy(ex, io.netty.handler.timeout.ReadTimeoutException.class);
	}

	private static boolean isUnavailable(Throwable ex) {
		return causedBy(ex, ConnectException.class) || causedBy(ex, UnknownHostException.class)
				|| causedBy(ex, PrematureCloseException.class);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				return false;
			}
		}
		return false;
	}

	private static String timeout(ServerWebExchange exchange, String metadataKey) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object millis = (route != null) ? route.getMetadata().get(metadataKey) : null;
		return (millis != null) ? millis + " ms" : "the route's timeout";
	}

	/** A problem body and the headers that belong with it (e.g. {@code Allow}). */
	private record Problem(ProblemDetail body, HttpHeaders headers) {

		static Problem of(GatewayProblemType type, String detail) {
			ProblemDetail body = ProblemDetail.forStatusAndDetail(type.status(), detail);
			body.setType(type.type());
			body.setTitle(type.title());
			if (type.errorType() != null) {
				body.setProperty(ERROR_TYPE_PROPERTY, type.errorType().value());
			}
			return new Problem(body, new HttpHeaders());
		}

		static Problem ofStatus(HttpStatusCode status, @Nullable String detail, HttpHeaders headers) {
			ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
			HttpHeaders copy = new HttpHeaders();
			copy.addAll(headers);
			return new Problem(body, copy);
		}

	}

}
