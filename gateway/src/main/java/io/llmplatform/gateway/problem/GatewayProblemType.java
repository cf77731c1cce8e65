package io.llmplatform.gateway.problem;

import java.net.URI;

import io.llmplatform.genai.ErrorType;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The problems the gateway answers itself, each with a stable {@code type} URI (RFC 9457
 * §3.1.1) that clients may switch on. Problems from a team service are passed through
 * unchanged and are not listed here.
 */
public enum GatewayProblemType {

	/** No route and no endpoint for the path (including {@code /actuator/**} on the main port). */
	NOT_FOUND("not-found", "Not Found", HttpStatus.NOT_FOUND),

	/** {@code /api/{team}/predict} for a team that is not configured. */
	UNKNOWN_TEAM("unknown-team", "Unknown Team", HttpStatus.NOT_FOUND),

	/** A configured team's predict path with a method other than POST; the response carries {@code Allow}. */
	METHOD_NOT_ALLOWED("method-not-allowed", "Method Not Allowed", HttpStatus.METHOD_NOT_ALLOWED),

	/** No API key, or one the gateway does not know; the response carries {@code WWW-Authenticate: Bearer}. */
	UNAUTHENTICATED("unauthenticated", "Unauthenticated", HttpStatus.UNAUTHORIZED),

	/** A valid API key that does not open this path: another team's key, or a team key on the admin API. */
	FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),

	/** The request body did not arrive within the body read timeout (the client's fault, never the team's). */
	REQUEST_TIMEOUT("request-timeout", "Request Timeout", HttpStatus.REQUEST_TIMEOUT),

	/** The request body is larger than the limit, by {@code Content-Length} or as it streams in. */
	PAYLOAD_TOO_LARGE("payload-too-large", "Payload Too Large", HttpStatus.PAYLOAD_TOO_LARGE),

	/**
	 * The team's requests hold as many request-body bytes in the gateway as its bound allows; {@code Retry-After: 1}.
	 */
	BODY_BUFFER_FULL("body-buffer-full", "Request Body Buffer Full", HttpStatus.SERVICE_UNAVAILABLE),

	/** The request target (path and query) is longer than the limit. */
	URI_TOO_LONG("uri-too-long", "URI Too Long", HttpStatus.URI_TOO_LONG),

	/** The team is over its request rate or token budget; the response carries {@code Retry-After}. */
	QUOTA_EXCEEDED("quota-exceeded", "Quota Exceeded", HttpStatus.TOO_MANY_REQUESTS),

	/** The request's header fields are larger than the limit, in total or one of them. */
	HEADERS_TOO_LARGE("request-header-fields-too-large", "Request Header Fields Too Large",
			HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),

	/** The team service refused the connection, could not be resolved or closed it before answering. */
	UPSTREAM_UNAVAILABLE("upstream-unavailable", "Team Service Unavailable", HttpStatus.BAD_GATEWAY,
			ErrorType.CONNECTION),

	/** The team service did not accept the connection or answer within the request's deadline or the route's timeout. */
	UPSTREAM_TIMEOUT("upstream-timeout", "Team Service Timeout", HttpStatus.GATEWAY_TIMEOUT, ErrorType.TIMEOUT),

	/** The team route's circuit breaker is open: the team failed repeatedly; {@code Retry-After} says when to retry. */
	UPSTREAM_CIRCUIT_OPEN("upstream-circuit-open", "Team Service Circuit Open", HttpStatus.SERVICE_UNAVAILABLE,
			ErrorType.CIRCUIT_OPEN),

	/** As many requests of the team as its bulkhead allows are in flight; {@code Retry-After: 1}. */
	UPSTREAM_BUSY("upstream-busy", "Team Service Busy", HttpStatus.SERVICE_UNAVAILABLE, ErrorType.BULKHEAD_FULL),

	/** Anything else that went wrong inside the gateway; details are in its logs, never in the response. */
	INTERNAL_ERROR("internal-error", "Internal Gateway Error", HttpStatus.INTERNAL_SERVER_ERROR, ErrorType.INTERNAL);

	/** Base of every type URI. */
	public static final String BASE_URI = "https://llmplatform.io/problems/";

	private final URI type;

	private final String title;

	private final HttpStatus status;

	private final @Nullable ErrorType errorType;

	GatewayProblemType(String slug, String title, HttpStatus status) {
		this(slug, title, status, null);
	}

	GatewayProblemType(String slug, String title, HttpStatus status, @Nullable ErrorType errorType) {
		this.type = URI.create(BASE_URI + slug);
		this.title = title;
		this.status = status;
		this.errorType = errorType;
	}

	/**
	 * The {@code errorType} the problem carries, for the problems of a failed team call.
	 * @return the error type, {@code null} for client errors
	 */
	public @Nullable ErrorType errorType() {
		return this.errorType;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public HttpStatus status() {
		return this.status;
	}

}
