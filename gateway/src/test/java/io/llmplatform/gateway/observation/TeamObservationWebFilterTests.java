package io.llmplatform.gateway.observation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TeamObservationWebFilterTests {

	private final TeamObservationWebFilter filter = new TeamObservationWebFilter(properties("quant"));

	@Test
	void configuredTeamIsPutOnTheRequestsTelemetryWithThePredictTemplate() {
		ApiRequestTelemetry telemetry = filter("/api/quant/predict");
		assertThat(telemetry.team()).isEqualTo("quant");
		assertThat(telemetry.route()).isEqualTo("/api/{team}/predict");
	}

	@Test
	void anyOtherTeamSegmentIsUnknownSoThatNoArbitraryValueIsRecorded() {
		assertThat(filter("/api/Robert'); DROP TABLE/predict").team()).isEqualTo("unknown");
		assertThat(filter("/api/").team()).isEqualTo("unknown");
	}

	@Test
	void otherApiPathsGetTheTeamButNoRouteTemplate() {
		ApiRequestTelemetry telemetry = filter("/api/quant/other/path");
		assertThat(telemetry.team()).isEqualTo("quant");
		assertThat(telemetry.route()).isNull();
	}

	@Test
	void theFiltersAfterItFindTheTelemetryOnTheExchangeWithItsAttributes() {
		ApiRequestTelemetry telemetry = new ApiRequestTelemetry(Tracer.NOOP, Span.NOOP);
		MockServerWebExchange exchange = exchange("/api/quant/predict");
		List<ServerWebExchange> passed = new ArrayList<>();
		this.filter.filter(exchange, (next) -> {
			passed.add(next);
			next.getAttributes().put("set-by-a-later-filter", "yes");
			return Mono.empty();
		}).contextWrite(Context.of(ApiRequestTelemetry.class, telemetry)).block();
		assertThat(ApiRequestTelemetry.of(passed.get(0))).isSameAs(telemetry);
		assertThat(telemetry.attribute("set-by-a-later-filter")).isEqualTo("yes");
	}

	@Test
	void pathsOutsideTheApiAreLeftAlone() {
		MockServerWebExchange exchange = exchange("/actuator/health");
		this.filter.filter(exchange, (passed) -> Mono.empty())
			.contextWrite(Context.of(ApiRequestTelemetry.class, new ApiRequestTelemetry(Tracer.NOOP, Span.NOOP)))
			.block();
		assertThat(ApiRequestTelemetry.of(exchange)).isNull();
		assertThat(exchange.getAttributes()).doesNotContainKey(TeamObservationWebFilter.TEAM);
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

	private ApiRequestTelemetry filter(String path) {
		ApiRequestTelemetry telemetry = new ApiRequestTelemetry(Tracer.NOOP, Span.NOOP);
		MockServerWebExchange exchange = exchange(path);
		this.filter.filter(exchange, (passed) -> Mono.empty())
			.contextWrite(Context.of(ApiRequestTelemetry.class, telemetry))
			.block();
		assertThat(exchange.getAttributes()).containsEntry(TeamObservationWebFilter.TEAM, telemetry.team());
		return telemetry;
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest
			.post(URI.create("http://localhost" + path.replace(" ", "%20").replace("'", "%27")).toString())
			.build());
	}

	private static PlatformGatewayProperties properties(String... teams) {
		PlatformGatewayProperties properties = new PlatformGatewayProperties();
		for (String team : teams) {
			properties.getTeams().put(team, new PlatformGatewayProperties.Team());
		}
		return properties;
	}

}
