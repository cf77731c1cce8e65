package io.llmplatform.gateway.observation;

import java.util.List;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.routing.TeamRoutesConfiguration;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Names the team of every {@code /api/**} request and gives predict requests the route
 * template {@code /api/{team}/predict}, which Spring Cloud Gateway's handler mapping does not
 * set: both go on the request's {@link ApiRequestTelemetry} (the SERVER span's {@code team}
 * and {@code http.route}, the labels of the gateway's metrics), which this filter puts on the
 * exchange for the filters after it. The team is the configured team of the path, or
 * {@value #UNKNOWN_TEAM}: an arbitrary path segment never becomes a value.
 */
public class TeamObservationWebFilter implements WebFilter, Ordered {

	/** Span attribute and exchange attribute holding the team. */
	public static final String TEAM = "team";

	/** Team of requests that name no configured team. */
	public static final String UNKNOWN_TEAM = "unknown";

	/** Path prefix of the routed API. */
	public static final String API_PREFIX = "/api/";

	/** Right after the correlation id filter (HIGHEST_PRECEDENCE), before the limits and any routing. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	private final PlatformGatewayProperties properties;

	public TeamObservationWebFilter(PlatformGatewayProperties properties) {
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!ApiRequestTelemetryHandler.isApiRequest(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		List<PathContainer.Element> elements = exchange.getRequest().getPath().pathWithinApplication().elements();
		// "/api/quant/predict" → [/, api, /, quant, /, predict]
		String segment = (elements.size() > 3) ? elements.get(3).value() : null;
		String team = this.properties.isKnownTeam(segment) ? segment : UNKNOWN_TEAM;
		boolean predict = elements.size() == 6 && "predict".equals(elements.get(5).value());
		exchange.getAttributes().put(TEAM, team);
		return Mono.deferContextual((context) -> {
			ApiRequestTelemetry telemetry = context.getOrDefault(ApiRequestTelemetry.class, null);
			if (telemetry != null) {
				telemetry.attach(exchange, team, predict ? TeamRoutesConfiguration.PREDICT_PATH : null);
			}
			return chain.filter(exchange);
		});
	}

}
