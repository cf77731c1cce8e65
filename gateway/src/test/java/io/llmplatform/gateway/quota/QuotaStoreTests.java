package io.llmplatform.gateway.quota;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket both stores implement: refill, burst, charges below zero, and atomic takes
 * under concurrency (the Redis store against a real redis-server).
 */
class QuotaStoreTests {

	private static RedisServer redisServer;

	private static LettuceConnectionFactory connections;

	@BeforeAll
	static void startRedis() throws Exception {
		redisServer = RedisServer.start();
		connections = new LettuceConnectionFactory("127.0.0.1", redisServer.port);
		connections.afterPropertiesSet();
		connections.start();
	}

	@AfterAll
	static void stopRedis() throws Exception {
		if (connections != null) {
			connections.destroy();
		}
		if (redisServer != null) {
			redisServer.close();
		}
	}

	@Test
	void inMemoryBucketRefillsAtItsRateUpToItsCapacity() {
		AtomicLong now = new AtomicLong();
		InMemoryQuotaStore store = new InMemoryQuotaStore(now::get);
		BucketLimit limit = new BucketLimit(2, 1);
		assertThat(store.take("k", limit, 1, 1).block().allowed()).isTrue();
		assertThat(store.take("k", limit, 1, 1).block().allowed()).isTrue();
		BucketState refused = store.take("k", limit, 1, 1).block();
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		now.addAndGet(Duration.ofMillis(1500).toNanos());
		assertThat(store.take("k", limit, 1, 1).block().level()).isEqualTo(0.5);
		now.addAndGet(Duration.ofSeconds(60).toNanos());
		assertThat(store.level("k", limit).block()).isEqualTo(2.0);
	}

	@Test
	void chargeMayTakeTheBucketBelowZeroAndTheNextCheckWaitsForTheRefill() {
		AtomicLong now = new AtomicLong();
		InMemoryQuotaStore store = new InMemoryQuotaStore(now::get);
		BucketLimit tokens = new BucketLimit(100, 10);
		assertThat(store.take("t", tokens, Double.NEGATIVE_INFINITY, 130).block().level()).isEqualTo(-30.0);
		BucketState check = store.take("t", tokens, 1, 0).block();
		assertThat(check.allowed()).isFalse();
		assertThat(check.retryAfter()).isEqualTo(Duration.ofMillis(3100));
	}

	@Test
	void redisBucketBehavesLikeTheInMemoryOne() {
		RedisQuotaStore store = redisStore();
		String key = UUID.randomUUID().toString();
		BucketLimit limit = new BucketLimit(2, 0.001);
		assertThat(store.take(key, limit, 1, 1).block().allowed()).isTrue();
		assertThat(store.take(key, limit, 1, 1).block().allowed()).isTrue();
		BucketState refused = store.take(key, limit, 1, 1).block();
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isGreaterThan(Duration.ofSeconds(900));
		assertThat(store.take(key, limit, Double.NEGATIVE_INFINITY, 5).block().level()).isLessThan(-4.9);
	}

	@Test
	void concurrentTakesFromRedisNeverExceedTheBurst() {
		RedisQuotaStore store = redisStore();
		String key = UUID.randomUUID().toString();
		BucketLimit limit = new BucketLimit(10, 0.001);
		List<BucketState> states = Flux.range(0, 60)
			.flatMap((i) -> store.take(key, limit, 1, 1), 30)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(states.stream().filter(BucketState::allowed)).hasSize(10);
	}

	private static RedisQuotaStore redisStore() {
		return new RedisQuotaStore(new ReactiveStringRedisTemplate(connections), "test:" + UUID.randomUUID() + ":");
	}

}
