package io.llmplatform.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmplatform.gateway.CorrelationHeader;
import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.PlatformGatewayProperties.Team;
import io.llmplatform.gateway.limits.RequestBodyLimitGatewayFilterFactory;
import io.llmplatform.gateway.quota.QuotaGatewayFilterFactory;
import io.llmplatform.gateway.security.ApiKeyGatewayFilterFactory;
import io.llmplatform.gateway.security.ApiKeyRegistry;
import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;

/**
 * One route per entry of {@code platform.gateway.teams}: {@code POST /api/<team>/predict} to
 * {@code <url>/predict}, with the team's response and connect timeouts as Spring Cloud
 * Gateway route metadata. A last route takes every other {@code /api/{team}/predict} and
 * rejects it with 405 or 404 ({@link RejectUnroutedPredictGatewayFilterFactory}).
 * <p>
 * Built as code from typed properties rather than as {@code spring.cloud.gateway.server.webflux.routes}
 * entries, so that a team is one URL in configuration and the route shape (path rewrite,
 * timeouts, method) cannot drift between teams.
 */
@Configuration(proxyBeanMethods = false)
public class TeamRoutesConfiguration {

	/** Template of the public predict path. */
	public static final String PREDICT_PATH = "/api/{team}/predict";

	/** Path every team service serves. */
	public static final String TEAM_PREDICT_PATH = "/predict";

	/** Id of the route that rejects predict requests no team route took. */
	public static final String REJECT_ROUTE_ID = "predict-not-routed";

	/** Prefix of a team route's id. */
	public static final String TEAM_ROUTE_ID_PREFIX = "team-";

	/** Header with the credential that team services require of the gateway. */
	public static final String INTERNAL_CREDENTIAL_HEADER = "X-Internal-Credential";

	/** What the gateway asks of a team service whatever the caller accepts. */
	static final String ACCEPTED_MEDIA_TYPES = "application/json, application/problem+json";

	@Bean
	RejectUnroutedPredictGatewayFilterFactory rejectUnroutedPredictGatewayFilterFactory() {
		return new RejectUnroutedPredictGatewayFilterFactory();
	}

	@Bean
	TeamRequestHeadersFilter teamRequestHeadersFilter(PlatformGatewayProperties properties,
			ObjectProvider<TelemetryProperties> telemetry) {
		return new TeamRequestHeadersFilter(properties.getInternalCredential(), CorrelationHeader.name(telemetry));
	}

	@Bean
	RouteLocator teamRoutes(RouteLocatorBuilder builder, PlatformGatewayProperties properties,
			ObjectProvider<TelemetryProperties> telemetry, RejectUnroutedPredictGatewayFilterFactory reject,
			ApiKeyGatewayFilterFactory apiKey, QuotaGatewayFilterFactory quota,
			RequestBodyLimitGatewayFilterFactory bodyLimit) {
		String correlationHeader = CorrelationHeader.name(telemetry);
		RequestBodyLimitGatewayFilterFactory.Config body = new RequestBodyLimitGatewayFilterFactory.Config()
			.setMaxSize(properties.getLimits().getMaxRequestBody())
			.setReadTimeout(properties.getLimits().getBodyReadTimeout())
			.setMaxBuffered(properties.getLimits().getMaxBufferedBodiesPerTeam());
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Map.Entry<String, Team> entry : validated(properties.getTeams()).entrySet()) {
			String team = entry.getKey();
			Team config = entry.getValue();
			routes.route(TEAM_ROUTE_ID_PREFIX + team, (route) -> route.method(HttpMethod.POST)
				.and()
				.path(PREDICT_PATH.replace("{team}", team))
				.filters((filters) -> filters.filter(apiKey.apply(new ApiKeyGatewayFilterFactory.Config().setTeam(team)))
					.filter(quota.apply(new QuotaGatewayFilterFactory.Config().setTeam(team).setQuota(config.getQuota())))
					.filter(bodyLimit.apply(body))
					.filter(new FixedPathGatewayFilter(TEAM_PREDICT_PATH))
					// What the team receives besides the path: TeamRequestHeadersFilter.
					// The team service answers with the same X-Correlation-ID the gateway already set: keep one.
					.dedupeResponseHeader(correlationHeader, "RETAIN_FIRST"))
				// NettyRoutingFilter reads both as milliseconds; the connect timeout must be an Integer.
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, config.getResponseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, Math.toIntExact(config.getConnectTimeout().toMillis()))
				.uri(config.getUrl()));
		}
		List<String> teams = new ArrayList<>(properties.getTeams().keySet());
		routes.route(REJECT_ROUTE_ID, (route) -> route.order(Ordered.LOWEST_PRECEDENCE)
			.path(PREDICT_PATH)
			.filters((filters) -> filters.filter(reject.apply(new RejectUnroutedPredictGatewayFilterFactory.Config()
				.setTeams(teams))))
			// Never reached: the filter above always ends the exchange.
			.uri("no://op"));
		return routes.build();
	}

	private static Map<String, Team> validated(Map<String, Team> teams) {
		teams.forEach((name, team) -> {
			if (ApiKeyRegistry.ADMIN.equals(name)) {
				throw new IllegalStateException("platform.gateway.teams." + name
						+ ": '" + name + "' is the principal of admin keys and cannot be a team");
			}
			if (!PlatformGatewayProperties.TEAM_NAME.matcher(name).matches()) {
				throw new IllegalStateException("platform.gateway.teams." + name
						+ ": a team name must match " + PlatformGatewayProperties.TEAM_NAME.pattern());
			}
			URI url = team.getUrl();
			if (url == null || url.getScheme() == null || url.getHost() == null) {
				throw new IllegalStateException(
						"platform.gateway.teams." + name + ".url must be an absolute URL, e.g. http://localhost:8101");
			}
		});
		return teams;
	}

}
