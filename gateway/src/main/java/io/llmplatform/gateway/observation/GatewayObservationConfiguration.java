package io.llmplatform.gateway.observation;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.gateway.admin.TeamTraffic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's telemetry beyond telemetry-starter's: {@code team} on the SERVER span, the
 * gateway metrics, and the CLIENT span and metric of the call to the team. Boot registers the handler with the {@code ObservationRegistry}.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayObservationConfiguration {

	@Bean
	TeamObservationWebFilter teamObservationWebFilter(PlatformGatewayProperties properties) {
		return new TeamObservationWebFilter(properties);
	}

	/** In place of Spring Cloud Gateway's client observation, which application.yml switches off. */
	@Bean
	UpstreamCallTelemetryFilter upstreamCallTelemetryFilter(Tracer tracer, MeterRegistry meterRegistry) {
		return new UpstreamCallTelemetryFilter(tracer, meterRegistry);
	}

	@Bean
	GatewayRequestMetricsObservationHandler gatewayRequestMetricsObservationHandler(MeterRegistry meterRegistry,
			ObjectProvider<Tracer> tracer, TeamTraffic traffic) {
		return new GatewayRequestMetricsObservationHandler(meterRegistry, tracer.getIfAvailable(), traffic);
	}

}
