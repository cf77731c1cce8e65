package io.llmplatform.gateway.resilience;

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

}
