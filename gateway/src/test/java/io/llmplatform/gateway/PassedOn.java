package io.llmplatform.gateway;

import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a gateway filter passes on to the rest of its chain, for tests of one filter.
 */
public final class PassedOn {

	private PassedOn() {
	}

	/**
	 * Runs the filter to its end, with a chain that ends at once.
	 * @param filter the filter
	 * @param exchange the exchange it gets
	 * @return the exchange it passed on, or {@code null} when it ended the exchange itself
	 */
	public static ServerWebExchange by(GatewayFilter filter, ServerWebExchange exchange) {
		AtomicReference<ServerWebExchange> passedOn = new AtomicReference<>();
		filter.filter(exchange, (next) -> {
			passedOn.set(next);
			return Mono.empty();
		}).block();
		return passedOn.get();
	}

}
