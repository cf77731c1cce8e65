package io.llmplatform.gateway.observation;

import java.net.URI;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TeamObservationWebFilterTests {

	private final TeamObservationWebFilter filter = new TeamObservationWebFilter(properties("quant"));

	@Test
	void configuredTeamIsPutOnTheServerObservationWithThePredictTemplate() {
		ServerRequestObservationContext context = filter("/api/quant/predict");
		assertThat(context.getHighCardinalityKeyValue("team")).isEqualTo(KeyValue.of("team", "quant"));
		assertThat(context.getLowCardinalityKeyValues()).isEmpty();
		assertThat(context.getPathPattern()).isEqualTo("/api/{team}/predict");
	}

	@Test
	void anyOtherTeamSegmentIsUnknownSoThatNoArbitraryValueIsRecorded() {
		ServerRequestObservationContext context = filter("/api/Robert'); DROP TABLE/predict");
		assertThat(context.getHighCardinalityKeyValue("team")).isEqualTo(KeyValue.of("team", "unknown"));
		assertThat(filter("/api/").getHighCardinalityKeyValue("team")).isEqualTo(KeyValue.of("team", "unknown"));
	}

	@Test
	void otherApiPathsGetTheTeamButNoRouteTemplate() {
		ServerRequestObservationContext context = filter("/api/quant/other/path");
		assertThat(context.getHighCardinalityKeyValue("team")).isEqualTo(KeyValue.of("team", "quant"));
		assertThat(context.getPathPattern()).isNull();
	}

	@Test
	void pathsOutsideTheApiAreLeftAlone() {
		ServerRequestObservationContext context = filter("/actuator/health");
		assertThat(context.getHighCardinalityKeyValue("team")).isNull();
	}

	@Test
	void gatewayMetricsAreInTheCatalogueWithTheirPrometheusNames() {
		assertThat(TelemetryCatalogue.load().contributors()).hasAtLeastOneElementOfType(GatewayCatalogue.class);
		assertThat(TelemetryCatalogue.prometheusName(GatewayCatalogue.GatewayRequestCounter.REQUESTS))
			.isEqualTo("gateway_requests_total");
		assertThat(TelemetryCatalogue.prometheusName(GatewayCatalogue.GatewayRequestTimer.REQUEST_DURATION))
			.isEqualTo("gateway_request_duration_seconds_*");
		assertThat(TelemetryCatalogue.load().toMarkdown()).contains("## Gateway")
			.contains("| `gateway.requests` | `gateway_requests_total` | counter | `team`, `status`, `outcome` |");
	}

	private ServerRequestObservationContext filter(String path) {
		MockServerHttpRequest request = MockServerHttpRequest.post(URI.create("http://localhost" + path.replace(" ", "%20")
			.replace("'", "%27")).toString()).build();
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, exchange.getResponse(),
				exchange.getAttributes());
		exchange.getAttributes().put(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
		this.filter.filter(exchange, (passed) -> Mono.empty()).block();
		return context;
	}

	private static PlatformGatewayProperties properties(String... teams) {
		PlatformGatewayProperties properties = new PlatformGatewayProperties();
		for (String team : teams) {
			properties.getTeams().put(team, new PlatformGatewayProperties.Team());
		}
		return properties;
	}

}
