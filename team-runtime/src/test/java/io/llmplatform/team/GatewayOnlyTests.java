package io.llmplatform.team;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmplatform.team.internal.RequestBodyLimitFilter;
import io.llmplatform.telemetry.test.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A team service on a real server takes requests from the gateway only (its internal credential,
 * either of two during a rotation), no body above {@code platform.team.max-request-body}, by
 * {@code Content-Length} or chunked, and no more bodies at once than
 * {@code platform.team.max-buffered-bodies} hold; its actuator on the management port stays open to probes.
 */
class GatewayOnlyTests {

	private static final String CURRENT = "current-internal-credential";

	private static final String PREVIOUS = "previous-internal-credential";

	private static final String VALID = "{\"prompt\":\"What is 2+2?\",\"max_tokens\":16}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext team;

	@BeforeAll
	static void start() {
		team = new SpringApplicationBuilder(FixedTeam.class).run("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--management.server.address=127.0.0.1",
				"--spring.application.name=team-test", "--platform.telemetry.team=test",
				"--platform.telemetry.otlp.enabled=false", "--platform.team.endpoint=quant-endpoint",
				"--platform.sagemaker.credentials.access-key-id=test",
				"--platform.sagemaker.credentials.secret-access-key=test",
				"--platform.team.internal-credential-sha256=" + ApiKeys.sha256Hex(CURRENT) + "," + ApiKeys.sha256Hex(PREVIOUS),
				"--platform.team.max-request-body=64KB", "--platform.team.max-buffered-bodies=160KB");
	}

	@AfterAll
	static void stop() {
		if (team != null) {
			team.close();
		}
	}

	@Test
	void theGatewaysCredentialAndTheOneBeingRotatedOutAreAccepted() throws Exception {
		HttpResponse<String> current = send(predict(VALID, "c-current").header("X-Internal-Credential", CURRENT));
		assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
		assertThat(json.readTree(current.body()).get("output").asString()).isEqualTo("4");
		HttpResponse<String> previous = send(predict(VALID, "c-previous").header("X-Internal-Credential", PREVIOUS));
		assertThat(previous.statusCode()).as(previous.body()).isEqualTo(200);
	}

	@Test
	void noCredentialIsA403ProblemEvenFromLoopback() throws Exception {
		HttpResponse<String> response = send(predict(VALID, "c-none"));
		JsonNode problem = problem(response, 403, "c-none");
		assertThat(problem.get("type").asString()).isEqualTo("https://llmplatform.io/problems/forbidden");
		assertThat(problem.get("detail").asString()).isEqualTo("only the gateway may call this service");
	}

	@Test
	void aWrongCredentialIsA403ProblemThatDoesNotEchoIt() throws Exception {
		String wrong = "guessed-credential-" + "x".repeat(20);
		HttpResponse<String> response = send(
				predict(VALID, "c-wrong").header("X-Internal-Credential", wrong).header("Accept", "text/html"));
		problem(response, 403, "c-wrong");
		assertThat(response.body()).doesNotContain(wrong).doesNotContain(ApiKeys.sha256Hex(wrong));
		// The hash of a good credential with a different case or a space is still a different credential.
		problem(send(predict(VALID, "c-case").header("X-Internal-Credential", CURRENT.toUpperCase())), 403, "c-case");
	}

	@Test
	void theActuatorOnTheManagementPortIsNotBehindTheCredential() throws Exception {
		int management = Integer.parseInt(team.getEnvironment().getRequiredProperty("local.management.port"));
		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).contains("UP");
	}

	@Test
	void aBodyWithinTheLimitReachesTheParser() throws Exception {
		// 60 KB: under the 64 KB limit, over the prompt's 32,000 characters, so validation answers.
		String body = "{\"prompt\":\"" + "a".repeat(60 * 1024) + "\"}";
		JsonNode problem = problem(send(predict(body, "c-in").header("X-Internal-Credential", CURRENT)), 400, "c-in");
		assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
		HttpResponse<String> chunked = send(withCredential(chunked(VALID.getBytes(StandardCharsets.UTF_8), "c-chunk-ok")));
		assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
	}

	@Test
	void aContentLengthAboveTheLimitIsA413BeforeTheBodyIsRead() throws Exception {
		String body = "{\"prompt\":\"" + "a".repeat(100 * 1024) + "\"}";
		JsonNode problem = problem(send(predict(body, "c-413").header("X-Internal-Credential", CURRENT)), 413, "c-413");
		assertThat(problem.get("type").asString()).isEqualTo("https://llmplatform.io/problems/payload-too-large");
		// 100 MB announced, 16 KB sent: answered at once, so nothing waits for (or holds) the rest.
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "X-Internal-Credential: " + CURRENT + "\r\nX-Correlation-ID: c-huge\r\n"
					+ "Content-Length: 100000000\r\n\r\n{\"prompt\":\"" + "a".repeat(16 * 1024))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
			assertThat(head).isEqualTo("HTTP/1.1 413");
		}
	}

	@Test
	void aChunkedBodyThatGrowsAboveTheLimitIsA413() throws Exception {
		byte[] body = ("{\"prompt\":\"" + "a".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(withCredential(chunked(body, "c-chunk")));
		JsonNode problem = problem(response, 413, "c-chunk");
		assertThat(problem.get("type").asString()).isEqualTo("https://llmplatform.io/problems/payload-too-large");
	}

	@Test
	void bodiesBeyondTheBufferedBoundAre503BeforeTheirBodyIsReadUntilHeldOnesEnd() throws Exception {
		// Two bodies of the largest size held open (128 KB of the 160 KB bound), their last bytes never sent.
		List<Socket> held = new ArrayList<>();
		String largeBody = "{\"prompt\":\"" + "a".repeat(60 * 1024) + "\"}";
		try {
			for (int i = 0; i < 2; i++) {
				Socket socket = new Socket("127.0.0.1", port());
				held.add(socket);
				socket.getOutputStream()
					.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "X-Internal-Credential: " + CURRENT + "\r\nX-Correlation-ID: c-held-" + i
							+ "\r\nContent-Length: 65536\r\n\r\n{\"prompt\":\"aaaa")
						.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
			}
			// Once both heads are in, another large body does not fit.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> send(withCredential(predict(largeBody, "c-busy"))).statusCode() == 503);
			HttpResponse<String> busy = send(withCredential(predict(largeBody, "c-busy")));
			JsonNode problem = problem(busy, 503, "c-busy");
			assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.BODY_BUFFER_FULL.toString());
			assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
			HttpResponse<String> small = send(withCredential(predict(VALID, "c-small")));
			assertThat(small.statusCode()).as("a small body fits beside the held ones: " + small.body())
				.isEqualTo(200);
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		// The held requests end with their connections and give their bytes back.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> send(withCredential(predict(largeBody, "c-after"))).statusCode() == 400);
	}

	@Test
	void aBufferedBoundThatCannotHoldTheLargestBodyIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RequestBodyLimitFilter(DataSize.ofMegabytes(1), DataSize.ofKilobytes(512)))
			.withMessageContaining("platform.team.max-buffered-bodies");
	}

	private static HttpRequest.Builder withCredential(HttpRequest.Builder request) {
		return request.header("X-Internal-Credential", CURRENT);
	}

	private static HttpRequest.Builder chunked(byte[] body, String correlationId) {
		// No length known in advance: the JDK client sends it chunked.
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/predict"))
			.header("Content-Type", "application/json")
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
	}

	private static HttpRequest.Builder predict(String body, String correlationId) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/predict"))
			.header("Content-Type", "application/json")
			.header("X-Correlation-ID", correlationId)
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode problem(HttpResponse<String> response, int status, String correlationId) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain(CURRENT).doesNotContain(PREVIOUS);
		return problem;
	}

	private static int port() {
		return ((WebServerApplicationContext) team).getWebServer().getPort();
	}

	@SpringBootApplication
	static class FixedTeam {

		@Bean
		PredictionHandler handler() {
			return (input) -> new Prediction("4", "fixed", "v1", "fixed", new TokenUsage(3, 1), Map.of());
		}

	}

}
