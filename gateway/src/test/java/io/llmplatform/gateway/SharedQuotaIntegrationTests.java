package io.llmplatform.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmplatform.gateway.quota.QuotaStore;
import io.llmplatform.gateway.quota.RedisQuotaStore;
import io.llmplatform.gateway.quota.RedisServer;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas on one real Redis ({@code platform.gateway.quota.store=redis}) enforce one
 * limit between them: a team's burst is shared, not doubled.
 */
class SharedQuotaIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

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
					"--platform.gateway.api-keys.teams.shared=" + ApiKeys.sha256Hex("key-shared")));
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

	private static HttpResponse<String> predict(ConfigurableApplicationContext replica) throws Exception {
		int port = Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.server.port"));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/shared/predict"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer key-shared")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
