package io.llmplatform.gateway.quota;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The quota store of {@code platform.gateway.quota.store} and the quota filter.
 */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {

	/** The property that chooses the quota store ({@code memory} or {@code redis}). */
	public static final String STORE_PROPERTY = "platform.gateway.quota.store";

	@Bean
	@ConditionalOnMissingBean
	QuotaStore inMemoryQuotaStore() {
		return new InMemoryQuotaStore();
	}

	@Bean
	QuotaGatewayFilterFactory quotaGatewayFilterFactory(QuotaStore store, MeterRegistry meterRegistry,
			JsonMapper json, ObjectProvider<ObservationRegistry> observationRegistry,
			PlatformGatewayProperties properties) {
		return new QuotaGatewayFilterFactory(store, meterRegistry, json,
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
				properties.getQuota().getStoreTimeout());
	}

	/**
	 * The Redis store, in a class of its own so that its Redis types are loaded only when it is chosen
	 * (Redis's auto-configurations are left out otherwise: {@link RedisQuotaStoreAutoConfigurationFilter}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "redis")
	static class RedisQuotaStoreConfiguration {

		@Bean
		QuotaStore redisQuotaStore(ReactiveStringRedisTemplate redis, PlatformGatewayProperties properties) {
			return new RedisQuotaStore(redis, properties.getQuota().getRedisKeyPrefix());
		}

		/**
		 * Commands are refused at once while Redis is unreachable, instead of queued until it is back or Lettuce's
		 * command timeout (a minute) ends them: the quota filter then admits the request without waiting.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer quotaStoreRejectsCommandsWhileDisconnected() {
			return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		}

	}

}
