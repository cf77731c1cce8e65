package io.llmplatform.gateway.security;

import java.util.List;

import io.llmplatform.gateway.tracing.ObservedSpans;
import io.micrometer.tracing.Span;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Lets a request through only with a key of the route's team (401 without a known key, 403
 * with another team's or the admin key), records the key's fingerprint on the SERVER span, and
 * removes the key from the request before it is forwarded. In YAML: {@code ApiKey=quant}.
 */
public class ApiKeyGatewayFilterFactory extends AbstractGatewayFilterFactory<ApiKeyGatewayFilterFactory.Config> {

	/** Span attribute with the fingerprint of the accepted key (never the key). */
	public static final String FINGERPRINT_ATTRIBUTE = "gateway.api_key.fingerprint";

	/** First of the team route's own filters: nothing is done for a caller without a key. */
	public static final int ORDER = -100;

	private final ApiKeyAuthenticator authenticator;

	public ApiKeyGatewayFilterFactory(ApiKeyAuthenticator authenticator) {
		super(Config.class);
		this.authenticator = authenticator;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("team");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String team = config.getTeam();
		return new OrderedGatewayFilter(new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				// Deferred: a rejection becomes an error signal that the problem handler answers.
				return Mono.defer(() -> {
					String fingerprint = ApiKeyGatewayFilterFactory.this.authenticator
						.authenticate(exchange.getRequest(), team);
					Span server = ObservedSpans.ofServerRequest(exchange);
					if (server != null) {
						server.tag(FINGERPRINT_ATTRIBUTE, fingerprint);
					}
					// The key itself never reaches the team: TeamRequestHeadersFilter leaves it out.
					return chain.filter(exchange);
				});
			}

			@Override
			public String toString() {
				return filterToStringCreator(ApiKeyGatewayFilterFactory.this).append("team", team).toString();
			}

		}, ORDER);
	}

	/** The team whose keys open the route. */
	public static class Config {

		private String team = "";

		public String getTeam() {
			return this.team;
		}

		public Config setTeam(String team) {
			this.team = team;
			return this;
		}

	}

}
