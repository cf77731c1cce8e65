package io.llmplatform.gateway.observation;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.admin.TeamTraffic;
import io.llmplatform.gateway.tracing.TraceContextConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The gateway's telemetry beyond telemetry-starter's: its own SERVER span and metrics for the
 * requests under {@code /api/**} (WebFlux's server observation still covers every other path),
 * with their team and route, and the CLIENT span and metric of the call to the team.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayObservationConfiguration {

	/** Inside the trace-context rule's decorator: the span starts from the headers it leaves. */
	static final int TELEMETRY_DECORATOR_ORDER = TraceContextConfiguration.INBOUND_TRACE_CONTEXT_ORDER + 10;

	@Bean
	TeamObservationWebFilter teamObservationWebFilter(PlatformGatewayProperties properties) {
		return new TeamObservationWebFilter(properties);
	}

	@Bean
	ApiRequestTelemetryHandler apiRequestTelemetryHandler(Tracer tracer, Propagator propagator,
			MeterRegistry meterRegistry, TeamTraffic traffic) {
		return new ApiRequestTelemetryHandler(tracer, propagator, meterRegistry, traffic);
	}

	@Bean
	@Order(TELEMETRY_DECORATOR_ORDER)
	WebHttpHandlerBuilderCustomizer apiRequestTelemetryCustomizer(ApiRequestTelemetryHandler handler) {
		return (builder) -> builder.httpHandlerDecorator(handler);
	}

	/** The requests that {@link ApiRequestTelemetryHandler} records are not observed a second time. */
	@Bean
	ObservationPredicate apiRequestsRecordedByTheGateway() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext server
				&& ApiRequestTelemetryHandler.isApiRequest(server.getCarrier()));
	}

	/** In place of Spring Cloud Gateway's client observation, which application.yml switches off. */
	@Bean
	UpstreamCallTelemetryFilter upstreamCallTelemetryFilter(Tracer tracer, MeterRegistry meterRegistry) {
		return new UpstreamCallTelemetryFilter(tracer, meterRegistry);
	}

}
