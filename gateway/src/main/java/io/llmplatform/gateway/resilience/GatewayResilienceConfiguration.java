package io.llmplatform.gateway.resilience;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guards of the team routes, configured by {@code platform.gateway.resilience.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayResilienceProperties.class)
public class GatewayResilienceConfiguration {

	@Bean
	TeamResilienceGlobalFilter teamResilienceGlobalFilter(GatewayResilienceProperties properties) {
		return new TeamResilienceGlobalFilter(properties);
	}

	/**
	 * The team routes' breakers as resilience4j's usual meters ({@code resilience4j_circuitbreaker_state},
	 * {@code ..._calls}, {@code ..._not_permitted_calls_total}, label {@code name} = the team), as the
	 * team services report their model breakers.
	 */
	@Bean
	MeterBinder teamCircuitBreakerMetrics(TeamResilienceGlobalFilter filter) {
		return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(filter.circuitBreakers());
	}

}
