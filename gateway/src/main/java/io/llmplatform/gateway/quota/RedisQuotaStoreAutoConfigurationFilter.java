package io.llmplatform.gateway.quota;

import io.llmplatform.gateway.PlatformGatewayProperties.QuotaStore.Store;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configurations out unless {@code platform.gateway.quota.store}
 * is {@code redis}. The gateway uses Redis for nothing else, and its client (Lettuce), Spring Data
 * Redis and their beans cost about 1,000 loaded classes and a second of start-up when they are not
 * needed. A filter rather than {@code spring.autoconfigure.exclude}, so that an operator's own
 * exclusions do not bring them back.
 */
public class RedisQuotaStoreAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure.";

	private Store store = Store.MEMORY;

	@Override
	public void setEnvironment(Environment environment) {
		this.store = Binder.get(environment).bind(QuotaConfiguration.STORE_PROPERTY, Store.class).orElse(Store.MEMORY);
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = this.store == Store.REDIS || candidate == null
					|| !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS);
		}
		return matches;
	}

}
