package io.llmplatform.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as a hostile caller meets it: keys, quotas, limits, slow and unfinished requests,
 * forged trace context. The application runs in this JVM in front of loopback stub teams and
 * exports to a real OTLP receiver; every rejection must be a problem with the correlation id.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayEdgeTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String QUANT_KEY = "quant-key-" + UUID.randomUUID();

	private static final String ROTATING_KEY = "quant-rotating-" + UUID.randomUUID();

	private static final String FINETUNE_KEY = "finetune-key-" + UUID.randomUUID();

	private static final String ADMIN_KEY = "admin-key-" + UUID.randomUUID();

	private static final String INTERNAL_CREDENTIAL = "internal-" + UUID.randomUUID();

	@TempDir
	static Path keys;

	private static Path keyFile;

	private static OtlpReceiver receiver;

	private static StubTeamService quant;

	private static StubTeamService finetune;

	/** Stands in for the model simulator's fault API: records what the admin API sends it. */
	private static StubTeamService simulator;

	private static ConfigurableApplicationContext gateway;

	private static int port;

	private static int managementPort;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws IOException {
		keyFile = keys.resolve("api-key-hashes");
		Files.writeString(keyFile, "# principal sha256\nquant " + ApiKeys.sha256Hex(ROTATING_KEY) + "\n");
		receiver = resources.add(OtlpReceiver.start());
		quant = resources.add(StubTeamService.start("quant"));
		finetune = resources.add(StubTeamService.start("finetune"));
		simulator = resources.add(StubTeamService.start("simulator"));
		gateway = resources.add(new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
				"--platform.telemetry.metrics.step=1s", "--otel.bsp.schedule.delay=100",
				"--platform.gateway.teams.quant.url=" + quant.url(),
				"--platform.gateway.teams.finetune.url=" + finetune.url(),
				// Two requests at once, then one per 10 s.
				"--platform.gateway.teams.limited.url=" + quant.url(),
				"--platform.gateway.teams.limited.quota.requests-per-second=0.1",
				"--platform.gateway.teams.limited.quota.burst=2",
				// 100 tokens a minute: the stub's answers cost 80 each.
				"--platform.gateway.teams.budget.url=" + quant.url(),
				"--platform.gateway.teams.budget.quota.tokens-per-minute=100",
				"--platform.gateway.api-keys.teams.quant=" + ApiKeys.sha256Hex(QUANT_KEY),
				"--platform.gateway.api-keys.teams.finetune=" + ApiKeys.sha256Hex(FINETUNE_KEY),
				"--platform.gateway.api-keys.teams.limited=" + ApiKeys.sha256Hex("key-limited"),
				"--platform.gateway.api-keys.teams.budget=" + ApiKeys.sha256Hex("key-budget"),
				"--platform.gateway.api-keys.admin=" + ApiKeys.sha256Hex(ADMIN_KEY),
				"--platform.gateway.api-keys.file=" + keyFile, "--platform.gateway.api-keys.reload-interval=100ms",
				"--platform.gateway.internal-credential=" + INTERNAL_CREDENTIAL,
				"--platform.gateway.limits.max-request-body=64KB", "--platform.gateway.limits.body-read-timeout=1s",
				"--platform.gateway.limits.request-head-timeout=2s",
				"--platform.gateway.admin.simulator-url=" + simulator.url(),
				"--platform.gateway.teams.finetune.fault-targets=finetune-endpoint,llm-baseline"));
		port = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port"));
		managementPort = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.management.port"));
	}

	@Test
	void noKeyIs401WithWwwAuthenticateAndNothingIsProxied() throws Exception {
		int before = quant.received().size();
		HttpResponse<String> response = post("/api/quant/predict", "{}");
		assertProblem(response, 401, GatewayProblemType.UNAUTHENTICATED);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((value) -> assertThat(value)
			.startsWith("Bearer"));
		assertThat(quant.received()).hasSize(before);
	}

	@Test
	void unknownKeyIs401() throws Exception {
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer not-a-key"), 401,
				GatewayProblemType.UNAUTHENTICATED);
		assertProblem(post("/api/quant/predict", "{}", "x-api-key", "not-a-key"), 401,
				GatewayProblemType.UNAUTHENTICATED);
	}

	@Test
	void anotherTeamsKeyOrTheAdminKeyIs403() throws Exception {
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer " + FINETUNE_KEY), 403,
				GatewayProblemType.FORBIDDEN);
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer " + ADMIN_KEY), 403,
				GatewayProblemType.FORBIDDEN);
	}

	@Test
	void teamKeyInEitherHeaderIsAcceptedAndNeverForwarded() throws Exception {
		HttpResponse<String> bearer = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY);
		assertThat(bearer.statusCode()).isEqualTo(200);
		StubTeamService.Received received = quant.last();
		assertThat(received.header("Authorization")).isNull();
		assertThat(received.header("x-api-key")).isNull();
		HttpResponse<String> apiKey = post("/api/finetune/predict", "{}", "x-api-key", FINETUNE_KEY);
		assertThat(apiKey.statusCode()).isEqualTo(200);
		assertThat(finetune.last().header("x-api-key")).isNull();
		assertThat(finetune.last().header("Authorization")).isNull();
	}

	@Test
	void teamServiceGetsTheGatewaysInternalCredentialNeverTheCallers() throws Exception {
		HttpResponse<String> response = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY,
				"X-Internal-Credential", "forged");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(quant.last().headers().get("X-Internal-Credential")).containsExactly(INTERNAL_CREDENTIAL);
	}

	@Test
	void keysOfTheKeyFileRotateWithoutARestart() throws Exception {
		assertThat(post("/api/quant/predict", "{}", "Authorization", "Bearer " + ROTATING_KEY).statusCode())
			.isEqualTo(200);
		String newKey = "quant-new-" + UUID.randomUUID();
		Files.writeString(keyFile, "quant " + ApiKeys.sha256Hex(newKey) + "\n");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				post("/api/quant/predict", "{}", "Authorization", "Bearer " + newKey).statusCode()).isEqualTo(200));
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer " + ROTATING_KEY), 401,
				GatewayProblemType.UNAUTHENTICATED);
		// Keys configured as properties stay.
		assertThat(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY).statusCode())
			.isEqualTo(200);
	}

	@Test
	void bodyOverTheLimitIs413BeforeProxyingByContentLengthAndWhileStreaming() throws Exception {
		int before = quant.received().size();
		String large = "{\"prompt\":\"" + "x".repeat(70 * 1024) + "\"}";
		assertProblem(post("/api/quant/predict", large, "Authorization", "Bearer " + QUANT_KEY), 413,
				GatewayProblemType.PAYLOAD_TOO_LARGE);
		HttpRequest chunked = request("/api/quant/predict", "Authorization", "Bearer " + QUANT_KEY)
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))
			.build();
		HttpResponse<String> response = http.send(chunked, HttpResponse.BodyHandlers.ofString());
		assertProblem(response, 413, GatewayProblemType.PAYLOAD_TOO_LARGE);
		assertThat(quant.received()).hasSize(before);
		// Under the limit, streamed in chunks, the team gets the whole body with a Content-Length.
		String small = "{\"prompt\":\"" + "y".repeat(10 * 1024) + "\"}";
		HttpResponse<String> ok = http.send(request("/api/quant/predict", "Authorization", "Bearer " + QUANT_KEY)
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(small.getBytes(StandardCharsets.UTF_8))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(quant.last().body()).isEqualTo(small);
		assertThat(quant.last().header("Content-Length")).isEqualTo(Integer.toString(small.length()));
		assertThat(quant.last().header("Transfer-Encoding")).isNull();
		// With its own Content-Length, the request is passed on with the headers it came with.
		assertThat(post("/api/quant/predict", small, "Authorization", "Bearer " + QUANT_KEY).statusCode()).isEqualTo(200);
		assertThat(quant.last().body()).isEqualTo(small);
		assertThat(quant.last().header("Content-Length")).isEqualTo(Integer.toString(small.length()));
	}

	@Test
	void bodyThatDoesNotArriveInTimeIs408NotA504() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + QUANT_KEY
					+ "\r\nContent-Type: application/json\r\nX-Correlation-ID: slow-body\r\nContent-Length: 100\r\n\r\n{\"pro")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = readResponse(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 408");
			assertThat(response).contains("application/problem+json")
				.contains(GatewayProblemType.REQUEST_TIMEOUT.type().toString())
				.contains("\"correlationId\":\"slow-body\"");
		}
	}

	@Test
	void aCallerThatClosesItsConnectionMidBodyIsNeitherAFailureNorASuccess(CapturedOutput output) throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + QUANT_KEY
					+ "\r\nContent-Type: application/json\r\nX-Correlation-ID: gone-mid-body\r\nContent-Length: 100\r\n\r\n{\"pro")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// The head is in; the caller goes away before the body's read timeout (1 s here).
			Thread.sleep(200);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut().lines().filter((line) -> line.contains("gone-mid-body")))
				.anyMatch((line) -> line.contains("POST /api/quant/predict -> UNKNOWN (team quant)")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("gone-mid-body")))
			.noneMatch((line) -> line.contains("failed inside the gateway") || line.contains("\"level\":\"ERROR\""));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape()).anyMatch((line) -> line.startsWith("gateway_requests_total{")
					&& line.contains("outcome=\"UNKNOWN\"") && line.contains("status=\"UNKNOWN\"")
					&& line.contains("team=\"quant\"")));
	}

	@Test
	void aCallerThatGoesAwayWhileTheTeamIsAnsweringIsNeitherAFailureNorASuccess(CapturedOutput output)
			throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + QUANT_KEY
					+ "\r\nContent-Type: application/json\r\nX-Correlation-ID: gone-mid-call\r\n" + StubTeamService.BEHAVIOUR
					+ ": slow\r\nContent-Length: 2\r\n\r\n{}")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// The whole request is in and forwarded; the caller goes away while the team takes its time.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> quant.received()
					.stream()
					.anyMatch((received) -> "gone-mid-call".equals(received.header("X-Correlation-ID"))));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut().lines().filter((line) -> line.contains("gone-mid-call")))
				.anyMatch((line) -> line.contains("POST /api/quant/predict -> UNKNOWN (team quant)")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("gone-mid-call")))
			.noneMatch((line) -> line.contains("-> 200") || line.contains("\"level\":\"ERROR\""));
	}

	@Test
	void overlongTargetIs414AndOversizedHeadersAre431Problems() throws Exception {
		assertProblem(post("/api/quant/" + "a".repeat(5000), "{}", "Authorization", "Bearer " + QUANT_KEY), 414,
				GatewayProblemType.URI_TOO_LONG);
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY, "X-Padding",
				"p".repeat(12 * 1024)), 431, GatewayProblemType.HEADERS_TOO_LARGE);
		// Past Netty's own backstops: refused by its decoder, still as a problem with a correlation id.
		assertProblem(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY, "baggage",
				"k=" + "v".repeat(100 * 1024)), 431, GatewayProblemType.HEADERS_TOO_LARGE);
		assertProblem(post("/api/quant/" + "a".repeat(20_000), "{}"), 414, GatewayProblemType.URI_TOO_LONG);
	}

	@Test
	void tooManyHeaderFieldsAreA431ProblemWhileManySmallOnesPass() throws Exception {
		JsonNode problem = assertProblem(post("/api/quant/predict", "{}", withFields(150, "Authorization",
				"Bearer " + QUANT_KEY)), 431, GatewayProblemType.HEADERS_TOO_LARGE);
		assertThat(problem.get("detail").asString()).matches("The request has 15\\d header fields; the limit is 100\\.");
		assertThat(post("/api/quant/predict", "{}", withFields(80, "Authorization", "Bearer " + QUANT_KEY))
			.statusCode()).isEqualTo(200);
	}

	/** The given header fields and as many more small ones as make {@code count}. */
	private static String[] withFields(int count, String... fields) {
		List<String> all = new ArrayList<>(List.of(fields));
		for (int i = fields.length / 2; i < count; i++) {
			all.add("X-Field-" + i);
			all.add("v");
		}
		return all.toArray(String[]::new);
	}

	@Test
	void aCallerStillSendingAnOversizedHeadGetsItsProblemBeforeTheConnectionCloses() throws Exception {
		// The caller writes its whole head, far past Netty's backstop, before it reads: when the gateway answered and
		// closed at once, the head's unread rest made its close a reset, which can destroy the answer in flight.
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nbaggage: k="
					+ "v".repeat(100 * 1024)).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(300);
			// More of the same head after the answer was written: read and discarded, not refused.
			out.write("v".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(300);
			String response = readResponse(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 431")
				.contains("application/problem+json")
				.contains(GatewayProblemType.HEADERS_TOO_LARGE.type().toString());
			assertThat(socket.getInputStream().read()).as("the gateway's end of the connection").isEqualTo(-1);
		}
	}

	@Test
	void problemsAreJsonWhateverTheClientAccepts() throws Exception {
		HttpResponse<String> response = post("/api/quant/predict", "{}", "Accept", "text/html");
		assertProblem(response, 401, GatewayProblemType.UNAUTHENTICATED);
		HttpResponse<String> routed = post("/api/quant/predict", "{}", "Accept", "text/html", "Authorization",
				"Bearer " + QUANT_KEY);
		assertThat(routed.statusCode()).isEqualTo(200);
		assertThat(quant.last().header("Accept")).isEqualTo("application/json, application/problem+json");
	}

	@Test
	void teamOverItsRequestRateGets429WithRetryAfterWhileOthersAreUnaffected(CapturedOutput output) throws Exception {
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> rejected = null;
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = post("/api/limited/predict", "{}", "Authorization", "Bearer key-limited");
			statuses.add(response.statusCode());
			if (response.statusCode() == 429) {
				rejected = response;
			}
		}
		assertThat(statuses).containsExactly(200, 200, 429);
		JsonNode problem = assertProblem(rejected, 429, GatewayProblemType.QUOTA_EXCEEDED);
		String correlationId = rejected.headers().firstValue("X-Correlation-ID").orElseThrow();
		String quotaLine = output.getOut()
			.lines()
			.filter((line) -> line.contains("exceeded quota: team limited is over its requests quota (0.1 requests/s, burst 2)")
					&& line.contains("\"correlation_id\":\"" + correlationId + "\""))
			.findFirst()
			.orElseThrow();
		// The line belongs to the trace of its request, so that Loki links it to Tempo.
		String accessLine = await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.lines()
				.filter((line) -> line.contains("POST /api/limited/predict -> 429")
						&& line.contains("\"correlation_id\":\"" + correlationId + "\""))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(traceIdOf(quotaLine)).matches("[0-9a-f]{32}").isEqualTo(traceIdOf(accessLine));
		assertThat(problem.get("detail").asString()).contains("requests");
		assertThat(rejected.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
				(seconds) -> assertThat(seconds).isBetween(1L, 10L));
		assertThat(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape()).anyMatch((line) -> line.startsWith("gateway_quota_rejections_total{")
					&& line.contains("team=\"limited\"") && line.contains("quota=\"requests\"") && !line.endsWith(" 0.0")));
	}

	@Test
	void exhaustedTokenBudgetIs429() throws Exception {
		// 100 tokens: the first answer (80) leaves 20, the second takes it below zero, the third waits.
		assertThat(post("/api/budget/predict", "{}", "Authorization", "Bearer key-budget").statusCode()).isEqualTo(200);
		assertThat(post("/api/budget/predict", "{}", "Authorization", "Bearer key-budget").statusCode()).isEqualTo(200);
		HttpResponse<String> rejected = post("/api/budget/predict", "{}", "Authorization", "Bearer key-budget");
		JsonNode problem = assertProblem(rejected, 429, GatewayProblemType.QUOTA_EXCEEDED);
		assertThat(problem.get("detail").asString()).contains("tokens");
		assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape()).anyMatch((line) -> line.startsWith("gateway_quota_rejections_total{")
					&& line.contains("team=\"budget\"") && line.contains("quota=\"tokens\"")));
	}

	@Test
	void callersTraceContextStartsANewLinkedTraceAndItsBaggageIsNotPassedOn() throws Exception {
		String callerTrace = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").getBytes(),
				0, 16);
		String callerSpan = "00f067aa0ba902b7";
		String correlationId = "forged-" + UUID.randomUUID();
		HttpResponse<String> response = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY,
				"traceparent", "00-" + callerTrace + "-" + callerSpan + "-01", "baggage",
				"tenant=evil," + "k=" + "v".repeat(100 * 1024), "X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(431);
		response = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY, "traceparent",
				"00-" + callerTrace + "-" + callerSpan + "-01", "baggage", "tenant=evil", "X-Correlation-ID",
				correlationId);
		assertThat(response.statusCode()).isEqualTo(200);
		StubTeamService.Received upstream = quant.last();
		assertThat(upstream.header("traceparent")).doesNotContain(callerTrace);
		assertThat(String.valueOf(upstream.header("baggage"))).doesNotContain("tenant");
		assertThat(upstream.header("X-Gateway-Caller-Traceparent")).isNull();
		ReceivedSpan server = serverSpanOf(correlationId);
		assertThat(server.traceId()).isNotEqualTo(callerTrace);
		assertThat(server.parentSpanId()).isEmpty();
		assertThat(server.span().getLinksList()).hasSize(1);
		assertThat(HexFormat.of().formatHex(server.span().getLinks(0).getTraceId().toByteArray())).isEqualTo(callerTrace);
		assertThat(HexFormat.of().formatHex(server.span().getLinks(0).getSpanId().toByteArray())).isEqualTo(callerSpan);
		assertThat(server.attribute("gateway.api_key.fingerprint")).isEqualTo(ApiKeys.sha256Hex(QUANT_KEY).substring(0, 8));
	}

	@Test
	void callersB3HeadersNeitherJoinATraceNorReachTheTeam() throws Exception {
		String callerTrace = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").getBytes(),
				0, 16);
		String callerSpan = "00f067aa0ba902b7";
		String correlationId = "b3-" + UUID.randomUUID();
		HttpResponse<String> response = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY,
				"b3", callerTrace + "-" + callerSpan + "-1", "X-B3-TraceId", callerTrace, "X-B3-SpanId", callerSpan,
				"X-B3-Sampled", "1", "X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(200);
		StubTeamService.Received upstream = quant.last();
		assertThat(upstream.header("traceparent")).doesNotContain(callerTrace);
		assertThat(upstream.header("b3")).isNull();
		assertThat(upstream.header("X-B3-TraceId")).isNull();
		ReceivedSpan server = serverSpanOf(correlationId);
		assertThat(server.traceId()).isNotEqualTo(callerTrace);
		assertThat(server.parentSpanId()).isEmpty();
	}

	/** The gateway's SERVER span of the (last) request with this correlation id, once it has arrived. */
	private ReceivedSpan serverSpanOf(String correlationId) {
		assertThat(receiver.await(Duration.ofSeconds(20), receiver::spans,
				(spans) -> spans.stream().anyMatch((span) -> correlationId.equals(span.attribute("correlation_id")))))
			.isTrue();
		return receiver.spans()
			.stream()
			.filter((span) -> correlationId.equals(span.attribute("correlation_id"))
					&& span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	@Test
	void unfinishedRequestHeadsDoNotStopOthersAndAreClosedByTheHeadTimeout() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 2000; i++) {
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
				socket.getOutputStream()
					.write("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
				slow.add(socket);
			}
			long started = System.nanoTime();
			assertThat(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY).statusCode())
				.isEqualTo(200);
			HttpResponse<String> health = http.send(HttpRequest.newBuilder(management("/actuator/health"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			// The head timeout is 2 s: every unfinished connection is closed by the gateway.
			for (Socket socket : slow) {
				socket.setSoTimeout(10_000);
				assertThat(readUntilClosed(socket.getInputStream())).as("closed without an answer").isTrue();
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	@Test
	void encodedSlashesAndDotSegmentsReachNothingButProblems() throws Exception {
		int before = quant.received().size() + finetune.received().size();
		for (String path : List.of("/api/quant%2Fpredict", "/api/quant/..%2Fpredict", "/api/finetune/../quant/predict",
				"/api/quant/predict/..", "/api/%2e%2e/quant/predict", "/api/quant/./predict", "/admin/../api/quant/predict",
				"/api/quant/predict%00", "/api/quant/..%2F..%2Factuator%2Fhealth", "/actuator/health",
				"/api/quant/predict/../../../actuator/prometheus")) {
			HttpResponse<String> response = post(path, "{}", "Authorization", "Bearer " + QUANT_KEY);
			assertThat(response.statusCode()).as(path).isIn(400, 401, 403, 404);
			assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
			assertThat(response.headers().firstValue("X-Correlation-ID")).as(path).isPresent();
			assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain(QUANT_KEY);
		}
		assertThat(quant.received().size() + finetune.received().size()).isEqualTo(before);
	}

	@Test
	void hostileCorrelationIdsAreReplaced() throws Exception {
		// Replaced before any other check looks at the request, so even 10,000 characters are no 431.
		for (String hostile : List.of("x".repeat(10_000), "<script>alert(1)</script>", "a b", "id\"}{\"injected\":1")) {
			HttpResponse<String> response = post("/api/quant/predict", "{}", "X-Correlation-ID", hostile);
			JsonNode problem = assertProblem(response, 401, GatewayProblemType.UNAUTHENTICATED);
			assertThat(problem.get("correlationId").asString()).isNotEqualTo(hostile).hasSizeLessThanOrEqualTo(128);
		}
		// A bare CR inside a header value cannot split the response: Netty refuses the request itself.
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write(("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nX-Correlation-ID: abc\rX-Injected: 1"
						+ "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
			String response = readResponse(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 4").doesNotContain("X-Injected");
		}
	}

	@Test
	void keysNeverReachTheLogs(CapturedOutput output) throws Exception {
		post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY);
		post("/api/quant/predict", "{}", "Authorization", "Bearer " + FINETUNE_KEY);
		post("/api/quant/predict", "{}", "x-api-key", ADMIN_KEY);
		admin("GET", "/admin/teams", ADMIN_KEY);
		admin("GET", "/admin/teams", QUANT_KEY);
		assertThat(output.getOut()).contains("/api/quant/predict")
			.doesNotContain(QUANT_KEY)
			.doesNotContain(FINETUNE_KEY)
			.doesNotContain(ADMIN_KEY);
		assertThat(output.getErr()).doesNotContain(QUANT_KEY).doesNotContain(ADMIN_KEY);
	}

	@Test
	void adminApiNeedsTheAdminKey() throws Exception {
		assertProblem(admin("GET", "/admin/teams", null), 401, GatewayProblemType.UNAUTHENTICATED);
		assertProblem(admin("GET", "/admin/teams", QUANT_KEY), 403, GatewayProblemType.FORBIDDEN);
		assertProblem(admin("PUT", "/admin/teams/quant/failures/model-error", FINETUNE_KEY), 403,
				GatewayProblemType.FORBIDDEN);
		assertThat(simulator.received()).noneMatch((request) -> request.path().contains("quant-endpoint"));
	}

	@Test
	void adminApiShowsEachTeamsTrafficAndQuota() throws Exception {
		post("/api/finetune/predict", "{}", "x-api-key", FINETUNE_KEY);
		HttpResponse<String> response = admin("GET", "/admin/teams", ADMIN_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode finetuneState = null;
		for (JsonNode team : json.readTree(response.body()).get("teams")) {
			if (team.get("team").asString().equals("finetune")) {
				finetuneState = team;
			}
		}
		assertThat(finetuneState).isNotNull();
		assertThat(finetuneState.at("/traffic/requests").asLong()).isPositive();
		assertThat(finetuneState.at("/traffic/errorRatio").asDouble()).isZero();
		assertThat(finetuneState.at("/traffic/p95Seconds").isNumber()).isTrue();
		assertThat(finetuneState.at("/quota/requestsPerSecond").asDouble()).isEqualTo(20.0);
		assertThat(finetuneState.at("/circuitBreaker/state").asString()).isEqualTo("CLOSED");
		assertThat(finetuneState.at("/circuitBreaker/bufferedCalls").asInt()).isPositive();
		// 80 tokens refill within milliseconds of a 200,000-a-minute budget: only the bounds can be asserted.
		assertThat(finetuneState.at("/quota/tokensAvailable").asDouble()).isBetween(0.0, 200_000.0);
		assertThat(finetuneState.at("/quota/requestsAvailable").asDouble()).isBetween(0.0, 40.0);
		assertThat(response.body()).doesNotContain(QUANT_KEY).doesNotContain(ADMIN_KEY);
	}

	@Test
	void modelFailureIsStartedAndStoppedThroughTheSimulatorsFaultApi(CapturedOutput output) throws Exception {
		HttpResponse<String> started = admin("PUT", "/admin/teams/finetune/failures/model-timeout", ADMIN_KEY);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		JsonNode body = json.readTree(started.body());
		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}");
		// The operators' record of who broke what, in the trace the panel links to.
		assertThat(output.getOut().lines())
			.anyMatch((line) -> line.contains("Controlled failure model-timeout started for team finetune")
					&& traceIdOf(line).equals(body.get("traceId").asString()));
		List<StubTeamService.Received> calls = simulator.received();
		StubTeamService.Received endpoint = calls.get(calls.size() - 2);
		StubTeamService.Received baseline = calls.get(calls.size() - 1);
		assertThat(endpoint.method()).isEqualTo("PUT");
		assertThat(endpoint.path()).isEqualTo("/admin/faults/finetune-endpoint");
		assertThat(endpoint.body()).contains("hangRate");
		assertThat(endpoint.header("Authorization")).isEqualTo("Bearer " + ADMIN_KEY);
		assertThat(baseline.path()).isEqualTo("/admin/faults/llm-baseline");
		assertThat(admin("GET", "/admin/teams", ADMIN_KEY).body()).contains("model-timeout");
		HttpResponse<String> stopped = admin("DELETE", "/admin/teams/finetune/failures/model-timeout", ADMIN_KEY);
		assertThat(stopped.statusCode()).isEqualTo(200);
		assertThat(simulator.last().method()).isEqualTo("DELETE");
		assertThat(simulator.last().path()).isEqualTo("/admin/faults/llm-baseline");
		assertThat(admin("GET", "/admin/teams", ADMIN_KEY).body()).doesNotContain("model-timeout");
		assertProblem(admin("PUT", "/admin/teams/finetune/failures/meteor-strike", ADMIN_KEY), 404,
				GatewayProblemType.NOT_FOUND);
		assertProblem(admin("PUT", "/admin/teams/nosuchteam/failures/model-error", ADMIN_KEY), 404,
				GatewayProblemType.UNKNOWN_TEAM);
	}

	@Test
	void quotaExhaustionMakesTheTeamsRequests429UntilStopped() throws Exception {
		assertThat(admin("PUT", "/admin/teams/quant/failures/quota-exhaustion", ADMIN_KEY).statusCode()).isEqualTo(200);
		JsonNode teams = json.readTree(admin("GET", "/admin/teams", ADMIN_KEY).body()).get("teams");
		for (JsonNode team : teams) {
			if (team.get("team").asString().equals("quant")) {
				assertThat(team.at("/quota/tokensAvailable").asDouble()).isNegative();
				assertThat(team.at("/failures/0/kind").asString()).isEqualTo("quota-exhaustion");
			}
		}
		HttpResponse<String> rejected = post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY);
		assertProblem(rejected, 429, GatewayProblemType.QUOTA_EXCEEDED);
		assertThat(admin("DELETE", "/admin/teams/quant/failures/quota-exhaustion", ADMIN_KEY).statusCode())
			.isEqualTo(200);
		assertThat(post("/api/quant/predict", "{}", "Authorization", "Bearer " + QUANT_KEY).statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> admin(String method, String path, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean readUntilClosed(InputStream in) throws IOException {
		try {
			while (in.read() != -1) {
				// drain whatever the server wrote before closing
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the peer: closed as well
			return true;
		}
	}

	private static String readResponse(InputStream in) throws IOException {
		StringBuilder response = new StringBuilder();
		byte[] buffer = new byte[4096];
		int read;
		try {
			while ((read = in.read(buffer)) != -1) {
				response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
				if (response.toString().contains("\r\n\r\n") && response.toString().endsWith("}")) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// the gateway closes the connection after answering
		}
		return response.toString();
	}

	private static List<String> scrape() throws Exception {
		return http.send(HttpRequest.newBuilder(management("/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body().lines().toList();
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, GatewayProblemType type) {
		assertThat(response).isNotNull();
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(type.type().toString());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
		assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(response.body()).doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain(QUANT_KEY)
			.doesNotContain(FINETUNE_KEY)
			.doesNotContain(ADMIN_KEY)
			.doesNotContain("127.0.0.1");
		return problem;
	}

	private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
		return http.send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static URI management(String path) {
		return URI.create("http://127.0.0.1:" + managementPort + path);
	}

	private static String traceIdOf(String jsonLogLine) {
		return json.readTree(jsonLogLine).path("trace_id").asString();
	}

}
