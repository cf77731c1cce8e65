package io.llmplatform.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.limits.LimitsConfiguration;
import io.llmplatform.gateway.quota.QuotaConfiguration;
import io.llmplatform.gateway.security.ApiKeyConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.gateway.filter.factory.RemoveRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetPathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.MethodRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TeamRoutesConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(GatewayRouteBuilding.class, ApiKeyConfiguration.class, QuotaConfiguration.class,
				LimitsConfiguration.class, TeamRoutesConfiguration.class);

	@Test
	void teamWithOnlyAUrlGetsTheDefaultTimeouts() {
		this.contextRunner.withPropertyValues("platform.gateway.teams.quant.url=http://localhost:8101").run((context) -> {
			PlatformGatewayProperties.Team quant = context.getBean(PlatformGatewayProperties.class).getTeams().get("quant");
			assertThat(quant.getUrl()).isEqualTo(URI.create("http://localhost:8101"));
			assertThat(quant.getResponseTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(quant.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void eachTeamBecomesARouteWithItsTimeoutsAsRouteMetadataInMillis() {
		this.contextRunner
			.withPropertyValues("platform.gateway.teams.quant.url=http://localhost:8101",
					"platform.gateway.teams.search.url=http://search.internal:9000",
					"platform.gateway.teams.search.response-timeout=1500ms",
					"platform.gateway.teams.search.connect-timeout=250ms")
			.run((context) -> {
				List<Route> routes = routes(context);
				assertThat(routes).extracting(Route::getId)
					.containsExactly("team-quant", "team-search", TeamRoutesConfiguration.REJECT_ROUTE_ID);
				Route search = routes.get(1);
				assertThat(search.getUri()).isEqualTo(URI.create("http://search.internal:9000"));
				assertThat(search.getMetadata()).containsEntry(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, 1500L)
					.containsEntry(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, 250);
				assertThat(routes.get(0).getMetadata()).containsEntry(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, 30000L)
					.containsEntry(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, 2000);
				assertThat(routes.get(2).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
			});
	}

	@Test
	void teamRouteTakesOnlyPostToItsOwnPredictPathAndTheLastRouteTakesTheRest() {
		this.contextRunner.withPropertyValues("platform.gateway.teams.quant.url=http://localhost:8101").run((context) -> {
			List<Route> routes = routes(context);
			Route quant = routes.get(0);
			Route reject = routes.get(1);
			assertThat(matches(quant, HttpMethod.POST, "/api/quant/predict")).isTrue();
			assertThat(matches(quant, HttpMethod.GET, "/api/quant/predict")).isFalse();
			assertThat(matches(quant, HttpMethod.POST, "/api/eval/predict")).isFalse();
			assertThat(matches(quant, HttpMethod.POST, "/api/quant/predict/more")).isFalse();
			assertThat(matches(reject, HttpMethod.GET, "/api/quant/predict")).isTrue();
			assertThat(matches(reject, HttpMethod.POST, "/api/anyone/predict")).isTrue();
			assertThat(matches(reject, HttpMethod.POST, "/api/quant/other")).isFalse();
		});
	}

	@Test
	void teamNameThatIsNotAPlainPathSegmentFailsTheStartup() {
		this.contextRunner.withPropertyValues("platform.gateway.teams[Bad_Team].url=http://localhost:8101")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("platform.gateway.teams.Bad_Team")
				.hasMessageContaining("a team name must match"));
	}

	@Test
	void teamWithoutAnAbsoluteUrlFailsTheStartup() {
		this.contextRunner.withPropertyValues("platform.gateway.teams.quant.response-timeout=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("platform.gateway.teams.quant.url must be an absolute URL"));
	}

	@Test
	void teamRouteChecksKeyThenQuotaThenBodyBeforeAnythingIsProxied() {
		this.contextRunner.withPropertyValues("platform.gateway.teams.quant.url=http://localhost:8101").run((context) -> {
			Route quant = routes(context).get(0);
			List<String> filters = quant.getFilters().stream().map(Object::toString).toList();
			assertThat(filters.get(0)).contains("ApiKey").contains("team = 'quant'");
			assertThat(filters.get(1)).contains("Quota").contains("team = 'quant'");
			assertThat(filters.get(2)).contains("RequestBodyLimit").contains("maxSize = 1048576");
		});
	}

	@Test
	void adminCannotBeATeamName() {
		this.contextRunner.withPropertyValues("platform.gateway.teams.admin.url=http://localhost:8101")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("principal of admin keys"));
	}

	@Test
	void noTeamsLeavesOnlyTheRejectingRoute() {
		this.contextRunner.run((context) -> assertThat(routes(context)).extracting(Route::getId)
			.containsExactly(TeamRoutesConfiguration.REJECT_ROUTE_ID));
	}

	private static List<Route> routes(ConfigurableApplicationContext context) {
		return context.getBean(RouteLocator.class).getRoutes().collectList().block();
	}

	private static boolean matches(Route route, HttpMethod method, String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, path));
		return Boolean.TRUE.equals(Mono.from(route.getPredicate().apply(exchange)).block());
	}

	/** The parts of Spring Cloud Gateway's auto-configuration that building these routes needs. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PlatformGatewayProperties.class)
	static class GatewayRouteBuilding {

		@Bean
		RouteLocatorBuilder routeLocatorBuilder(ConfigurableApplicationContext context) {
			return new RouteLocatorBuilder(context);
		}

		@Bean
		PathRoutePredicateFactory pathRoutePredicateFactory() {
			return new PathRoutePredicateFactory(new WebFluxProperties());
		}

		@Bean
		MethodRoutePredicateFactory methodRoutePredicateFactory() {
			return new MethodRoutePredicateFactory();
		}

		@Bean
		SetPathGatewayFilterFactory setPathGatewayFilterFactory() {
			return new SetPathGatewayFilterFactory();
		}

		@Bean
		org.springframework.cloud.gateway.filter.factory.DedupeResponseHeaderGatewayFilterFactory dedupeResponseHeaderGatewayFilterFactory() {
			return new org.springframework.cloud.gateway.filter.factory.DedupeResponseHeaderGatewayFilterFactory();
		}

		@Bean
		SetRequestHeaderGatewayFilterFactory setRequestHeaderGatewayFilterFactory() {
			return new SetRequestHeaderGatewayFilterFactory();
		}

		@Bean
		RemoveRequestHeaderGatewayFilterFactory removeRequestHeaderGatewayFilterFactory() {
			return new RemoveRequestHeaderGatewayFilterFactory();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

	}

}
