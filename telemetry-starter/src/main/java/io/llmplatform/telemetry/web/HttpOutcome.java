package io.llmplatform.telemetry.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * The {@code outcome} label of HTTP metrics, as Spring names it: {@code SUCCESS},
 * {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNKNOWN}.
 */
public final class HttpOutcome {

	private static final String UNKNOWN = "UNKNOWN";

	private HttpOutcome() {
	}

	/**
	 * The outcome of a response status.
	 * @param status the status, {@code null} when there was no response
	 * @return the outcome label value
	 */
	public static String of(@Nullable HttpStatusCode status) {
		if (status == null) {
			return UNKNOWN;
		}
		if (status.is1xxInformational() || status.is2xxSuccessful()) {
			return "SUCCESS";
		}
		if (status.is3xxRedirection()) {
			return "REDIRECTION";
		}
		if (status.is4xxClientError()) {
			return "CLIENT_ERROR";
		}
		return status.is5xxServerError() ? "SERVER_ERROR" : UNKNOWN;
	}

}
