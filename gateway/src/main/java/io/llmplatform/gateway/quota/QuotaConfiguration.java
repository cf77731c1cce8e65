package io.llmplatform.gateway.quota;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The quota store of {@code platform.gateway.quota.store} and the quota filter.
 */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {

	@Bean
	@ConditionalOnProperty(name = "platform.gateway.quota.store", havingValue = "redis")
	QuotaStore redisQuotaStore(ReactiveStringRedisTemplate redis, PlatformGatewayProperties properties) {
		return new RedisQuotaStore(redis, properties.getQuota().getRedisKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	QuotaStore inMemoryQuotaStore() {
		return new InMemoryQuotaStore();
	}

	@Bean
	QuotaGatewayFilterFactory quotaGatewayFilterFactory(QuotaStore store, MeterRegistry meterRegistry,
			JsonMapper json) {
		return new QuotaGatewayFilterFactory(store, meterRegistry, json);
	}

}
