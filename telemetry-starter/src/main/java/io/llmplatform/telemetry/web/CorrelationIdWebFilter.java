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
 * the SERVER span. A proxy that sets the id on the forwarded request itself can leave a
 * generated id off the request passed on: that saves a copy of the headers of every request
 * that came without one. A replaced id is always set, so that no filter sees the caller's.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

	private final String header;

	private final CorrelationIds ids;

	private final boolean addGeneratedToRequest;

	public CorrelationIdWebFilter(String header, CorrelationIds ids) {
		this(header, ids, true);
	}

	/**
	 * @param header the request and response header carrying the id
	 * @param ids what accepts or generates ids
	 * @param addGeneratedToRequest whether an id generated for a request that came without one
	 * is added to the request passed on
	 */
	public CorrelationIdWebFilter(String header, CorrelationIds ids, boolean addGeneratedToRequest) {
		this.header = header;
		this.ids = ids;
		this.addGeneratedToRequest = addGeneratedToRequest;
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
		boolean leftOff = (sent == null || sent.isEmpty()) && !this.addGeneratedToRequest;
		ServerWebExchange withId = (keptAsSent || leftOff) ? exchange : exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(this.header, correlationId)))
			.build();
		withId.getAttributes().put(CorrelationIdFilter.CORRELATION_ID, correlationId);
		return chain.filter(withId);
	}

}
