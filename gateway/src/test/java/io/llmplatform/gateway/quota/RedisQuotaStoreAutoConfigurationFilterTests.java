package io.llmplatform.gateway.quota;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's auto-configurations are imported only with the Redis quota store; every other
 * auto-configuration is left to its own conditions.
 */
class RedisQuotaStoreAutoConfigurationFilterTests {

	private static final String[] CANDIDATES = {
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
			"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration", null };

	@Test
	void leavesRedisOutWithTheDefaultStore() {
		assertThat(match(new MockEnvironment())).containsExactly(false, false, false, true, true);
	}

	@Test
	void leavesRedisOutWithTheMemoryStore() {
		assertThat(match(new MockEnvironment().withProperty("platform.gateway.quota.store", "memory")))
			.containsExactly(false, false, false, true, true);
	}

	@Test
	void importsRedisWithTheRedisStore() {
		assertThat(match(new MockEnvironment().withProperty("platform.gateway.quota.store", "redis")))
			.containsExactly(true, true, true, true, true);
	}

	@Test
	void readsTheStoreFromTheEnvironmentVariableToo() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("PLATFORM_GATEWAY_QUOTA_STORE", "REDIS")));
		assertThat(match(environment)).containsOnly(true);
	}

	private static boolean[] match(MockEnvironment environment) {
		RedisQuotaStoreAutoConfigurationFilter filter = new RedisQuotaStoreAutoConfigurationFilter();
		filter.setEnvironment(environment);
		return filter.match(CANDIDATES.clone(), null);
	}

}
