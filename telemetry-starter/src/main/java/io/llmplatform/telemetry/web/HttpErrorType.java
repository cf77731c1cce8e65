package io.llmplatform.telemetry.web;

import java.util.Map;

import io.llmplatform.genai.ErrorType;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} of an inbound HTTP request, as the suite records it on the SERVER span
 * and {@code http.server.request.duration}: the suite's error type when the application set
 * one ({@link ErrorType#ATTRIBUTE}, e.g. a problem answer's), else the exception's class,
 * else {@code none} (so that the metric keeps one label set; spans leave it out).
 */
public final class HttpErrorType {

	private static final String NONE = "none";

	private HttpErrorType() {
	}

	/**
	 * @param attributes the request's attributes, {@code null} when there are none
	 * @param error the exception the request failed with, if any
	 * @return the {@code error.type} value
	 */
	public static String of(@Nullable Map<String, Object> attributes, @Nullable Throwable error) {
		Object errorType = (attributes != null) ? attributes.get(ErrorType.ATTRIBUTE) : null;
		if (errorType instanceof String value) {
			return value;
		}
		return (error != null) ? error.getClass().getName() : NONE;
	}

}
