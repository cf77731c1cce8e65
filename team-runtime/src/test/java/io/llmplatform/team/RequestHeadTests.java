package io.llmplatform.team;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team service on a real Tomcat takes every head the gateway forwards, and answers the heads
 * Tomcat refuses before any filter runs (too large, malformed) with problem details, never its
 * HTML error page or a stack trace.
 */
class RequestHeadTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext team;

	@BeforeAll
	static void start() {
		team = new SpringApplicationBuilder(GatewayOnlyTests.FixedTeam.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--management.server.port=0", "--management.server.address=127.0.0.1",
				"--spring.application.name=team-test", "--platform.telemetry.team=test",
				"--platform.telemetry.otlp.enabled=false", "--platform.team.endpoint=quant-endpoint",
				"--platform.sagemaker.credentials.access-key-id=test",
				"--platform.sagemaker.credentials.secret-access-key=test");
	}

	@AfterAll
	static void stop() {
		if (team != null) {
			team.close();
		}
	}

	@Test
	void aHeadAsLargeAsTheGatewayForwardsIsServed() throws Exception {
		// The gateway's limits: 8 KiB of the caller's header fields, a 2048-character target, and what it adds.
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port() + "/predict?q=" + "q".repeat(2000)))
			.header("Content-Type", "application/json")
			.header("X-Correlation-ID", "c-large-head")
			.header("X-Caller-Fields", "f".repeat(8 * 1024))
			.header("X-Added-By-The-Gateway", "g".repeat(1024))
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"What is 2+2?\",\"max_tokens\":16}"))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void aHeadOverTheLimitIsA431ProblemThatArrivesWhileTheCallerIsStillSending() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nX-Correlation-ID: c-431\r\nbaggage: k="
					+ "v".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(300);
			out.write("v".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = readToEnd(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 431 ").containsIgnoringCase("X-Correlation-ID: c-431");
			JsonNode problem = problem(response, 431);
			assertThat(problem.get("type").asString())
				.isEqualTo("https://llmplatform.io/problems/request-header-fields-too-large");
			assertThat(problem.get("correlationId").asString()).isEqualTo("c-431");
		}
	}

	@Test
	void asManyHeaderFieldsAsTheGatewayForwardsAreServedAndMoreAreA431Problem() throws Exception {
		// The gateway's max-header-count (100) and the fields it adds: served.
		assertThat(rawPredict("c-fields-ok", 110)).startsWith("HTTP/1.1 200 ");
		String refused = rawPredict("c-fields", 200);
		assertThat(refused).startsWith("HTTP/1.1 431 ");
		JsonNode problem = problem(refused, 431);
		assertThat(problem.get("type").asString())
			.isEqualTo("https://llmplatform.io/problems/request-header-fields-too-large");
		assertThat(problem.get("correlationId").asString()).isEqualTo("c-fields");
	}

	/** A prediction with its correlation id first and then small fields up to {@code fields} in all. */
	private static String rawPredict(String correlationId, int fields) throws IOException {
		String body = "{\"prompt\":\"What is 2+2?\",\"max_tokens\":16}";
		StringBuilder head = new StringBuilder("POST /predict HTTP/1.1\r\nX-Correlation-ID: " + correlationId
				+ "\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
				+ body.length() + "\r\n");
		for (int i = 5; i < fields; i++) {
			head.append("X-Field-").append(i).append(": v\r\n");
		}
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((head + "\r\n" + body).getBytes(StandardCharsets.US_ASCII));
			return readToEnd(socket.getInputStream());
		}
	}

	@Test
	void aMalformedRequestLineIsA400ProblemWithANewCorrelationId() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /predict not http\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = readToEnd(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 400 ");
			JsonNode problem = problem(response, 400);
			assertThat(problem.get("type").asString()).isEqualTo("about:blank");
			assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
			String correlationId = problem.get("correlationId").asString();
			assertThat(correlationId).matches("[0-9a-f-]{36}");
			assertThat(response).containsIgnoringCase("X-Correlation-ID: " + correlationId);
		}
	}

	private static JsonNode problem(String response, int status) {
		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		String body = response.substring(head.length() + 4);
		assertThat(head).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(body).doesNotContain("Exception").doesNotContain("<html").doesNotContain("Tomcat");
		JsonNode problem = json.readTree(body);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	private static String readToEnd(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
	}

	private static int port() {
		return ((WebServerApplicationContext) team).getWebServer().getPort();
	}

}
