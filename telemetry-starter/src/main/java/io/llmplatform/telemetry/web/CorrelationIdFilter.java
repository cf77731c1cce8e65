package io.llmplatform.telemetry.web;

import java.io.IOException;

import io.llmplatform.telemetry.internal.CorrelationIds;
import io.micrometer.common.KeyValue;
import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Gives every request a correlation id: the caller's {@code X-Correlation-ID} (or the
 * {@code correlation_id} baggage entry) when it is acceptable, a new one otherwise. The id
 * goes into the response header, into baggage (so outbound calls carry it), into the
 * logging MDC and onto the SERVER span as {@code correlation_id}.
 * <p>
 * Runs right after Spring's {@link ServerHttpObservationFilter}, inside the server span.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	/** Name of the id in baggage, the MDC and span attributes. */
	public static final String CORRELATION_ID = "correlation_id";

	private final String header;

	private final CorrelationIds ids;

	private final @Nullable Tracer tracer;

	public CorrelationIdFilter(String header, CorrelationIds ids, @Nullable Tracer tracer) {
		this.header = header;
		this.ids = ids;
		this.tracer = tracer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String correlationId = this.ids.resolve(inbound(request));
		response.setHeader(this.header, correlationId);
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.addHighCardinalityKeyValue(KeyValue.of(CORRELATION_ID, correlationId)));
		MDC.put(CORRELATION_ID, correlationId);
		try (BaggageInScope baggage = inBaggage(correlationId)) {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(CORRELATION_ID);
		}
	}

	private @Nullable String inbound(HttpServletRequest request) {
		String fromHeader = request.getHeader(this.header);
		if (fromHeader != null || this.tracer == null) {
			return fromHeader;
		}
		Baggage baggage = this.tracer.getBaggage(CORRELATION_ID);
		return (baggage != null) ? baggage.get() : null;
	}

	private @Nullable BaggageInScope inBaggage(String correlationId) {
		return (this.tracer != null) ? this.tracer.createBaggageInScope(CORRELATION_ID, correlationId) : null;
	}

}
