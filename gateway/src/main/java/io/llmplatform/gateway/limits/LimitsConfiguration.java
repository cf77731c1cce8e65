package io.llmplatform.gateway.limits;

import io.llmplatform.gateway.CorrelationHeader;
import io.llmplatform.gateway.PlatformGatewayProperties;
import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limits of {@code platform.gateway.limits}.
 */
@Configuration(proxyBeanMethods = false)
public class LimitsConfiguration {

	@Bean
	RequestLimitsWebFilter requestLimitsWebFilter(PlatformGatewayProperties properties,
			ObjectProvider<TelemetryProperties> telemetry) {
		return new RequestLimitsWebFilter(properties.getLimits(), CorrelationHeader.name(telemetry));
	}

	@Bean
	RequestBodyLimitGatewayFilterFactory requestBodyLimitGatewayFilterFactory() {
		return new RequestBodyLimitGatewayFilterFactory();
	}

	@Bean
	ConnectionLimitsNettyCustomizer connectionLimitsNettyCustomizer(PlatformGatewayProperties properties,
			ObjectProvider<TelemetryProperties> telemetry) {
		PlatformGatewayProperties.Limits limits = properties.getLimits();
		return new ConnectionLimitsNettyCustomizer(limits.getMaxConnections(), limits.getRequestHeadTimeout(),
				CorrelationHeader.name(telemetry));
	}

}
