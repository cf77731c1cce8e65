package io.llmplatform.team;

import java.net.URI;

/**
 * Stable {@code type} URIs of the problem details (RFC 9457) that team services answer.
 * Clients may rely on them; documented in the README.
 */
public final class ProblemTypes {

	private static final String BASE = "https://llmplatform.io/problems/";

	/** 400: the body broke a rule; {@code errors} lists the fields. */
	public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");

	/** 400: the body is not JSON of the expected shape. */
	public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

	/** 403: the caller is not the gateway (no or a wrong internal credential). */
	public static final URI FORBIDDEN = URI.create(BASE + "forbidden");

	/** 404: no such resource. */
	public static final URI NOT_FOUND = URI.create(BASE + "not-found");

	/** 405: the method is not allowed here. */
	public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");

	/** 413: the request body is larger than {@code platform.team.max-request-body}. */
	public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");

	/**
	 * 503: the bodies of the requests in progress hold all of {@code platform.team.max-buffered-bodies};
	 * the body was not read. {@code Retry-After} says when to try again.
	 */
	public static final URI BODY_BUFFER_FULL = URI.create(BASE + "body-buffer-full");

	/**
	 * 431: the request head is larger than {@code server.max-http-request-header-size}, or has more
	 * fields than {@code platform.team.max-header-count}; Tomcat refused it before the service read it.
	 */
	public static final URI REQUEST_HEADER_FIELDS_TOO_LARGE = URI.create(BASE + "request-header-fields-too-large");

	/** 415: the body is not {@code application/json}. */
	public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");

	/**
	 * 422: the prompt (plus {@code max_tokens}) is longer than the model's context window; the
	 * caller's to shorten. {@code model} and {@code errorType} {@code context_length_exceeded}.
	 */
	public static final URI CONTEXT_LENGTH_EXCEEDED = URI.create(BASE + "context-length-exceeded");

	/**
	 * 503: the model was not called, its circuit breaker is open ({@code circuit_open}) or its
	 * bulkhead full ({@code bulkhead_full}); {@code Retry-After} says when to try again.
	 */
	public static final URI MODEL_UNAVAILABLE = URI.create(BASE + "model-unavailable");

	/** 502: a model failed or refused; {@code errorType} says how. */
	public static final URI MODEL_ERROR = URI.create(BASE + "model-error");

	/** 504: a model did not answer in time. */
	public static final URI MODEL_TIMEOUT = URI.create(BASE + "model-timeout");

	/** 500: an unexpected failure; details are in the logs under the correlation id. */
	public static final URI INTERNAL = URI.create(BASE + "internal-error");

	private ProblemTypes() {
	}

}
