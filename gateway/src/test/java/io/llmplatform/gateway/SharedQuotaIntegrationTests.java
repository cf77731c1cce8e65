package io.llmplatform.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.llmplatform.gateway.quota.QuotaStore;
import io.llmplatform.gateway.quota.RedisQuotaStore;
import io.llmplatform.gateway.quota.RedisServer;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas on one real Redis ({@code platform.gateway.quota.store=redis}) enforce one
 * limit between them: a team's burst is shared, not doubled.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedQuotaIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	/** The resource's labels on every series of the gateway's scrape. */
	private static final String COMMON_TAGS = "service_name=\"gateway\",service_namespace=\"platform\"";

	private static RedisServer redis;

	private static OtlpReceiver receiver;

	private static StubTeamService team;

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		redis = resources.add(RedisServer.start());
		receiver = resources.add(OtlpReceiver.start());
		team = resources.add(StubTeamService.start("shared"));
		for (int i = 0; i < 2; i++) {
			replicas.add(new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
					"--management.server.port=0", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
					"--platform.gateway.quota.store=redis", "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + redis.port, "--platform.gateway.teams.shared.url=" + team.url(),
					"--platform.gateway.teams.shared.quota.requests-per-second=0.01",
					"--platform.gateway.teams.shared.quota.burst=3",
					"--platform.gateway.api-keys.teams.shared=" + ApiKeys.sha256Hex("key-shared"),
					// A team of its own for the trace test, so that it takes nothing from shared's burst.
					"--platform.gateway.teams.traced.url=" + team.url(),
					"--platform.gateway.api-keys.teams.traced=" + ApiKeys.sha256Hex("key-traced")));
		}
	}

	@AfterAll
	static void stop() throws Exception {
		replicas.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theRedisStoreIsChosen() {
		for (ConfigurableApplicationContext replica : replicas) {
			assertThat(replica.getBean(QuotaStore.class)).isInstanceOf(RedisQuotaStore.class);
		}
	}

	@Test
	void twoReplicasShareOneBurst() throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (ConfigurableApplicationContext replica : replicas) {
				statuses.add(predict(replica).statusCode());
			}
		}
		// Burst 3 for the team, whichever replica a request reaches; each replica alone would allow 3.
		assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
	}

	@Test
	void theQuotaStoresRedisCommandsAreSpansOfTheRequestsTrace() throws Exception {
		String correlationId = "redis-" + UUID.randomUUID();
		assertThat(predict(replicas.get(0), "traced", correlationId).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.spans()
				.stream()
				.anyMatch((span) -> correlationId.equals(span.attribute("correlation_id"))));
		ReceivedSpan server = receiver.spans()
			.stream()
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.findFirst()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(receiver.spans())
				.filteredOn((span) -> "redis".equals(span.attribute("db.system.name"))
						|| "redis".equals(span.attribute("db.system")))
				.as("Redis command spans of this request")
				.anySatisfy((span) -> assertThat(span.traceId()).isEqualTo(server.traceId())));
		// Lettuce's handshake when it opens its connection (HELLO, CLIENT SETINFO) belongs to no request.
		assertThat(receiver.spans()).filteredOn((span) -> "redis".equals(span.attribute("db.system.name"))
				|| "redis".equals(span.attribute("db.system")))
			.filteredOn((span) -> !List.of("HELLO", "CLIENT").contains(span.attribute("db.operation")))
			.as("Redis command spans, each within a request's trace")
			.allSatisfy((span) -> assertThat(span.parentSpanId()).as(span.span().getName()).isNotEmpty());
	}

	/**
	 * Redis connected but answering nothing (stopped): each request waits no longer than the store's timeout, and is
	 * admitted uncounted. When Redis answers again, one line says the outage is over.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void withRedisHungRequestsAreAdmittedAfterTheStoreTimeout(CapturedOutput output) throws Exception {
		assertThat(predict(replicas.get(0), "traced", "redis-up-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		redis.hang(true);
		try {
			String correlationId = "redis-hung-" + UUID.randomUUID();
			long start = System.nanoTime();
			HttpResponse<String> response = predict(replicas.get(0), "traced", correlationId);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			// Two buckets checked and the tokens charged: three waits of 250 ms at most.
			assertThat(took).as("admitted after the store's timeouts").isLessThan(Duration.ofSeconds(3));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output.getOut().lines())
					.filteredOn((line) -> line.contains("\"correlation_id\":\"" + correlationId + "\""))
					.anyMatch((line) -> line.contains("Quota store failed for team traced")
							&& line.contains("no answer within 250 ms")));
		}
		finally {
			redis.hang(false);
		}
		assertThat(predict(replicas.get(0), "traced", "redis-back-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut().lines())
				.filteredOn((line) -> line.contains("Quota store answers again after 3 failed calls"))
				.as("the end of the outage: both buckets and the charge of the hung request had failed")
				.hasSize(1));
	}

	/**
	 * Redis gone: the quota cannot be counted, and the platform must not go down with it. Each request is admitted at
	 * once (not after Lettuce's command timeout of a minute). The outage is logged once, by the request that found it,
	 * with its trace and correlation id; every failed call after that is counted, not logged. Last, because it stops
	 * Redis.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void withRedisGoneRequestsAreAdmittedAtOnceAndTheLineIsInTheirTrace(CapturedOutput output) throws Exception {
		// Connected first: Lettuce then has a connection to lose, not one it cannot open.
		assertThat(predict(replicas.get(1), "traced", "redis-up-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		redis.close();
		String first = "redis-gone-0-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			String correlationId = (i == 0) ? first : "redis-gone-" + i + "-" + UUID.randomUUID();
			long start = System.nanoTime();
			HttpResponse<String> response = predict(replicas.get(1), "traced", correlationId);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(took).as("admitted without waiting on Redis").isLessThan(Duration.ofSeconds(2));
		}
		// Both buckets checked and the tokens charged per request, every call failed.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(scrape(replicas.get(1))).contains(
					"gateway_quota_store_failures_total{operation=\"check\"," + COMMON_TAGS + ",team=\"traced\"} 6.0",
					"gateway_quota_store_failures_total{operation=\"charge\"," + COMMON_TAGS + ",team=\"traced\"} 3.0"));
		assertThat(output.getOut().lines())
			.filteredOn((line) -> line.contains("\"correlation_id\":\"redis-gone-")
					&& (line.contains("Quota store failed") || line.contains("Could not charge")))
			.as("the outage, logged once for the request that found it")
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("\"correlation_id\":\"" + first + "\"",
					"Quota store failed for team traced", "\"level\":\"WARN\"",
					"Until the store answers again, requests are admitted uncounted")
				.matches(".*\"trace_id\":\"[0-9a-f]{32}\".*"));
	}

	private static String scrape(ConfigurableApplicationContext replica) throws Exception {
		int port = Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.management.port"));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private static HttpResponse<String> predict(ConfigurableApplicationContext replica) throws Exception {
		return predict(replica, "shared", "shared-" + UUID.randomUUID());
	}

	private static HttpResponse<String> predict(ConfigurableApplicationContext replica, String team,
			String correlationId) throws Exception {
		int port = Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.server.port"));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + team + "/predict"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer key-" + team)
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
