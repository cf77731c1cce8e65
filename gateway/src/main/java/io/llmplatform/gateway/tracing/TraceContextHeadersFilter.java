package io.llmplatform.gateway.tracing;

import io.llmplatform.gateway.observation.UpstreamCallTelemetryFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends the context of the gateway's CLIENT span ({@link UpstreamCallTelemetryFilter}) to the
 * routed service ({@code traceparent}, and whatever else the configured propagation writes), so
 * that the service's SERVER span is its child.
 */
public class TraceContextHeadersFilter implements HttpHeadersFilter, Ordered {

	private final Propagator propagator;

	public TraceContextHeadersFilter(Propagator propagator) {
		this.propagator = propagator;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		Span span = exchange.getAttribute(UpstreamCallTelemetryFilter.SPAN_ATTRIBUTE);
		if (span == null) {
			return input;
		}
		try {
			this.propagator.inject(span.context(), input, HttpHeaders::set);
			return input;
		}
		catch (UnsupportedOperationException readOnly) {
			// The filters before this one usually hand on a copy of their own; a copy only when none did.
			HttpHeaders headers = new HttpHeaders();
			headers.putAll(input);
			this.propagator.inject(span.context(), headers, HttpHeaders::set);
			return headers;
		}
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public int getOrder() {
		// Last: after TeamRequestHeadersFilter, whose copy of the headers is written to here.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
