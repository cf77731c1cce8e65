package io.llmplatform.gateway.tracing;

import io.llmplatform.gateway.observation.ApiRequestTelemetry;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The span that Micrometer Tracing made for an observation: where the gateway needs a request's
 * span outside the tracing handlers (its trace id in an answer, its scope around a log line).
 */
public final class ObservedSpans {

	private ObservedSpans() {
	}

	/**
	 * @param context an observation's context
	 * @return the span its tracing handler started, or {@code null} when there is none
	 */
	public static @Nullable Span of(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

	/**
	 * @param exchange a request's exchange
	 * @return its SERVER span: the gateway's own under {@code /api/**}, else its observation's;
	 * {@code null} when it has none
	 */
	public static @Nullable Span ofServerRequest(ServerWebExchange exchange) {
		ApiRequestTelemetry telemetry = ApiRequestTelemetry.of(exchange);
		if (telemetry != null) {
			return telemetry.span();
		}
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes()).map(ObservedSpans::of).orElse(null);
	}

}
