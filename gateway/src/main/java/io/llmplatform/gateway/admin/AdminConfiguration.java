package io.llmplatform.gateway.admin;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.quota.QuotaStore;
import io.llmplatform.gateway.resilience.TeamResilienceGlobalFilter;
import io.llmplatform.gateway.security.ApiKeyAuthenticator;
import io.llmplatform.gateway.security.ApiKeyRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;

/**
 * The admin API's routes, each behind the admin key (401 without a known key, 403 with a team key).
 */
@Configuration(proxyBeanMethods = false)
public class AdminConfiguration {

	/** Path prefix of the admin API on the main port. */
	public static final String ADMIN_PATH = "/admin";

	@Bean
	TeamTraffic teamTraffic() {
		return new TeamTraffic();
	}

	@Bean
	AdminHandler adminHandler(PlatformGatewayProperties properties, TeamTraffic traffic, QuotaStore quotas,
			WebClient.Builder webClient, TeamResilienceGlobalFilter resilience) {
		return new AdminHandler(properties, traffic, quotas, webClient, resilience);
	}

	@Bean
	RouterFunction<ServerResponse> adminRoutes(AdminHandler admin, ApiKeyAuthenticator authenticator) {
		return RouterFunctions.route()
			.path(ADMIN_PATH, (routes) -> routes.route(GET("/teams"), admin::teams)
				.route(PUT("/teams/{team}/failures/{kind}"), admin::startFailure)
				.route(DELETE("/teams/{team}/failures/{kind}"), admin::stopFailure))
			.filter((request, next) -> {
				authenticator.authenticate(request.exchange().getRequest(), ApiKeyRegistry.ADMIN);
				return next.handle(request);
			})
			.build();
	}

}
