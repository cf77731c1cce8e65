package io.llmplatform.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.gateway.resilience.TeamResilienceGlobalFilter;
import io.llmplatform.telemetry.test.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards of the team routes against stub team services: the deadline passed downstream and
 * enforced, the per-team bulkhead, the per-route breaker and what it counts.
 */
class GatewayResilienceIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static StubTeamService quant;

	private static StubTeamService narrow;

	private static ConfigurableApplicationContext gateway;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		quant = StubTeamService.start("quant");
		narrow = StubTeamService.start("narrow");
		gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--platform.telemetry.otlp.enabled=false",
				"--platform.gateway.teams.quant.url=" + quant.url(),
				"--platform.gateway.teams.narrow.url=" + narrow.url(),
				"--platform.gateway.teams.down.url=http://127.0.0.1:" + closedPort(),
				"--platform.gateway.resilience.teams.quant.deadline=1s",
				"--platform.gateway.resilience.teams.narrow.max-concurrent-requests=1",
				"--platform.gateway.resilience.circuit-breaker.minimum-number-of-calls=3",
				"--platform.gateway.resilience.circuit-breaker.sliding-window-size=3",
				"--platform.gateway.resilience.circuit-breaker.wait-duration-in-open-state=30s",
				"--platform.gateway.api-keys.teams.quant=" + ApiKeys.sha256Hex("key-quant"),
				"--platform.gateway.api-keys.teams.narrow=" + ApiKeys.sha256Hex("key-narrow"),
				"--platform.gateway.api-keys.teams.down=" + ApiKeys.sha256Hex("key-down"));
		port = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		quant.close();
		narrow.close();
	}

	@Test
	void theTeamIsToldWhatIsLeftOfTheDeadlineLessTheMargin() throws Exception {
		assertThat(send("quant", null).statusCode()).isEqualTo(200);
		long left = Long.parseLong(quant.last().header(TeamResilienceGlobalFilter.DEADLINE_HEADER));
		assertThat(left).isBetween(500L, 1000L - 150L);
	}

	@Test
	void aClientCannotSetItsOwnDeadline() throws Exception {
		HttpRequest request = request("quant", null).header(TeamResilienceGlobalFilter.DEADLINE_HEADER, "999999")
			.build();
		assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		assertThat(Long.parseLong(quant.last().header(TeamResilienceGlobalFilter.DEADLINE_HEADER))).isLessThan(1000);
	}

	@Test
	void aTeamSlowerThanItsDeadlineIsA504AtTheDeadline() throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = send("quant", "slow");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		JsonNode problem = problem(response, GatewayProblemType.UPSTREAM_TIMEOUT);
		assertThat(problem.get("errorType").asString()).isEqualTo("timeout");
		assertThat(problem.get("detail").asString()).contains("1000 ms");
		assertThat(took).isLessThan(Duration.ofMillis(1000 + 1000));
	}

	@Test
	void aFullBulkheadAnswersAtOnce() throws Exception {
		CompletableFuture<HttpResponse<String>> slow = http.sendAsync(request("narrow", "slow").build(),
				HttpResponse.BodyHandlers.ofString());
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !narrow.received().isEmpty());
		long started = System.nanoTime();
		HttpResponse<String> refused = send("narrow", null);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(StubTeamService.SLOW_MILLIS));
		JsonNode problem = problem(refused, GatewayProblemType.UPSTREAM_BUSY);
		assertThat(problem.get("errorType").asString()).isEqualTo("bulkhead_full");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(slow.get().statusCode()).isEqualTo(200);
		assertThat(send("narrow", null).statusCode()).as("the slot is free again").isEqualTo(200);
	}

	@Test
	void aTeamThatIsDownOpensItsBreaker() throws Exception {
		for (int i = 0; i < 3; i++) {
			JsonNode problem = problem(send("down", null), GatewayProblemType.UPSTREAM_UNAVAILABLE);
			assertThat(problem.get("errorType").asString()).isEqualTo("connection");
		}
		assertThat(breaker("down").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		HttpResponse<String> refused = send("down", null);
		JsonNode problem = problem(refused, GatewayProblemType.UPSTREAM_CIRCUIT_OPEN);
		assertThat(problem.get("errorType").asString()).isEqualTo("circuit_open");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
		String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
				+ gateway.getEnvironment().getRequiredProperty("local.management.port") + "/actuator/prometheus"))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(scrape.lines())
			.anyMatch((line) -> line.startsWith("resilience4j_circuitbreaker_state{") && line.contains("name=\"down\"")
					&& line.contains("state=\"open\"") && line.endsWith(" 1.0"));
		// The SERVER observation's error.type is the problem's errorType.
		assertThat(scrape.lines()).anyMatch((line) -> line.startsWith("http_server_request_duration_seconds_count{")
				&& line.contains("error_type=\"circuit_open\"") && line.contains("http_response_status_code=\"503\""));
		assertThat(scrape.lines()).anyMatch((line) -> line.startsWith("http_server_request_duration_seconds_count{")
				&& line.contains("error_type=\"connection\"") && line.contains("http_response_status_code=\"502\""));
	}

	@Test
	void aModelsFailureReportedByTheTeamIsNotTheTeamsFailure() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(send("quant", "model-error").statusCode()).isEqualTo(502);
		}
		assertThat(breaker("quant").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker("quant").getMetrics().getNumberOfFailedCalls()).isZero();
	}

	private static CircuitBreaker breaker(String team) {
		return gateway.getBean(TeamResilienceGlobalFilter.class).circuitBreaker(team);
	}

	private static JsonNode problem(HttpResponse<String> response, GatewayProblemType type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(type.status().value());
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(type.type().toString());
		return problem;
	}

	private static HttpResponse<String> send(String team, String behaviour) throws Exception {
		return http.send(request(team, behaviour).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String team, String behaviour) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + team + "/predict"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer key-" + team)
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}"));
		if (behaviour != null) {
			request.header(StubTeamService.BEHAVIOUR, behaviour);
		}
		return request;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
