package io.llmplatform.gateway.observation;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * The status of the gateway's HTTP spans as the OpenTelemetry HTTP semantic conventions set it:
 * a SERVER span is an error from 500 on (a 4xx is the caller's mistake, and its status stays
 * unset), a CLIENT span from 400 on; a call that got no answer is an error either way.
 * Micrometer's {@link Span} can only mark an error with an exception, so an error answer
 * without one is marked on the OpenTelemetry span underneath.
 */
final class HttpSpanStatus {

	private HttpSpanStatus() {
	}

	/**
	 * @param span the span
	 * @param kind {@link Span.Kind#SERVER} or {@link Span.Kind#CLIENT}
	 * @param status the HTTP status of the answer, {@code 0} without one
	 * @param failure the exception the exchange failed with, if any
	 */
	static void set(Span span, Span.Kind kind, int status, @Nullable Throwable failure) {
		int firstError = (kind == Span.Kind.CLIENT) ? 400 : 500;
		boolean error = (status == 0) ? failure != null : status >= firstError;
		if (!error) {
			return;
		}
		if (failure != null) {
			span.error(failure);
		}
		else if (span instanceof OtelSpan) {
			OtelSpan.toOtel(span).setStatus(StatusCode.ERROR);
		}
	}

}
