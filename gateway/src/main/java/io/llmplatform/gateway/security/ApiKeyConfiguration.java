package io.llmplatform.gateway.security;

import io.llmplatform.gateway.PlatformGatewayProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * API keys from {@code platform.gateway.api-keys}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeyConfiguration {

	@Bean
	ApiKeyRegistry apiKeyRegistry(PlatformGatewayProperties properties) {
		return new ApiKeyRegistry(properties.getApiKeys());
	}

	@Bean
	ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyRegistry registry) {
		return new ApiKeyAuthenticator(registry);
	}

	@Bean
	ApiKeyGatewayFilterFactory apiKeyGatewayFilterFactory(ApiKeyAuthenticator authenticator) {
		return new ApiKeyGatewayFilterFactory(authenticator);
	}

}
