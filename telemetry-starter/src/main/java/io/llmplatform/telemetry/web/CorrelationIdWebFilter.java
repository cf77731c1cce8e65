package io.llmplatform.telemetry.web;

import java.util.List;

import io.llmplatform.telemetry.internal.CorrelationIds;
import io.micrometer.common.KeyValue;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive counterpart of {@link CorrelationIdFilter}: resolves the id, writes it to
 * the response, sets it on the request passed on (so a proxying gateway forwards it) and on
 * the SERVER span.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

	private final String header;

	private final CorrelationIds ids;

	public CorrelationIdWebFilter(String header, CorrelationIds ids) {
		this.header = header;
		this.ids = ids;
	}

	@Override
	public int getOrder() {
		// First, so that even a request rejected by a later filter answers with its id.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<String> sent = exchange.getRequest().getHeaders().get(this.header);
		String correlationId = this.ids.resolve((sent != null && !sent.isEmpty()) ? sent.get(0) : null);
		exchange.getResponse().getHeaders().set(this.header, correlationId);
		ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.ifPresent((context) -> context
				.addHighCardinalityKeyValue(KeyValue.of(CorrelationIdFilter.CORRELATION_ID, correlationId)));
		// A request that already carries exactly this id keeps its headers: each mutation copies them all.
		boolean keptAsSent = sent != null && sent.size() == 1 && sent.get(0).equals(correlationId);
		ServerWebExchange withId = keptAsSent ? exchange : exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(this.header, correlationId)))
			.build();
		withId.getAttributes().put(CorrelationIdFilter.CORRELATION_ID, correlationId);
		return chain.filter(withId);
	}

}
