package io.llmplatform.telemetry.web;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;

/**
 * OpenTelemetry HTTP semantic convention names for reactive servers, matching what Spring
 * Framework's servlet {@code OpenTelemetryServerRequestObservationConvention} records, so
 * that WebFlux services (and the gateway) share the {@code http.server.request.duration}
 * series and labels with servlet ones.
 */
public class OpenTelemetryReactiveServerRequestObservationConvention implements ServerRequestObservationConvention {

	private static final String NAME = "http.server.request.duration";

	private static final String UNKNOWN = "UNKNOWN";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ServerRequestObservationContext context) {
		String method = context.getCarrier().getMethod().name();
		String route = route(context);
		return UNKNOWN.equals(route) ? method : method + " " + route;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		HttpStatusCode status = (context.getResponse() != null) ? context.getResponse().getStatusCode() : null;
		Throwable error = context.getError();
		return KeyValues.of(KeyValue.of("http.request.method", context.getCarrier().getMethod().name()),
				KeyValue.of("http.route", route(context)),
				KeyValue.of("http.response.status_code", (status != null) ? String.valueOf(status.value()) : UNKNOWN),
				KeyValue.of("url.scheme", scheme(context)),
				KeyValue.of("error.type", HttpErrorType.of(context.getAttributes(), error)),
				KeyValue.of("outcome", HttpOutcome.of(status)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		return KeyValues.of(KeyValue.of("url.path", context.getCarrier().getPath().value()));
	}

	private static String route(ServerRequestObservationContext context) {
		String template = context.getPathPattern();
		return (template != null) ? template : UNKNOWN;
	}

	private static String scheme(ServerRequestObservationContext context) {
		String scheme = context.getCarrier().getURI().getScheme();
		return (scheme != null) ? scheme : UNKNOWN;
	}

}
