package io.llmplatform.gateway.quota;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Buckets in Redis, shared by every gateway replica: each take is one Lua script
 * ({@code take.lua}), so a refill and a take are atomic and use the Redis server's clock.
 */
public class RedisQuotaStore implements QuotaStore {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TAKE = RedisScript
		.of(new ClassPathResource("io/llmplatform/gateway/quota/take.lua"), List.class);

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	public RedisQuotaStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public Mono<BucketState> take(String key, BucketLimit limit, double required, double cost) {
		List<String> args = List.of(Double.toString(limit.capacity()), Double.toString(limit.refillPerSecond()),
				Double.toString(Math.max(required, -Double.MAX_VALUE)), Double.toString(cost));
		return this.redis.execute(TAKE, List.of(this.keyPrefix + key), args).next().map((result) -> {
			boolean allowed = ((Number) result.get(0)).longValue() == 1;
			double level = Double.parseDouble(String.valueOf(result.get(1)));
			Duration retryAfter = allowed ? Duration.ZERO
					: Duration.ofMillis((long) Math.ceil((required - level) / limit.refillPerSecond() * 1000));
			return new BucketState(allowed, level, retryAfter);
		});
	}

}
