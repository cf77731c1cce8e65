package io.llmplatform.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmplatform.telemetry.test.LocalSuite;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The suite as a hostile caller meets it, on real processes: every attack of the matrix is
 * answered with a problem of the documented status and type, carrying the correlation id, and
 * without a stack trace, a class name, an internal address or a key; the team services and the
 * simulator's admin API refuse direct callers; and, last, no key is in the OTLP bytes or the logs
 * of any service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeAttackSystemTests {

	private static final String PROBLEMS = "https://llmplatform.io/problems/";

	private static final String VALID = "{\"prompt\":\"hello\",\"max_tokens\":8}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Every key and credential this run used, to look for in what the services let out. */
	private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

	private static OtlpReceiver receiver;

	private static LocalSuite suite;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		receiver = resources.add(OtlpReceiver.start());
		suite = resources.add(LocalSuite.start(receiver.endpoint()));
		for (String team : LocalSuite.TEAMS) {
			secrets.add(suite.apiKey(team));
		}
		secrets.add(suite.adminKey());
		secrets.add(suite.internalCredential());
	}

	@Test
	@Order(1)
	void everyAttackIsAProblemThatGivesNothingAway() throws Exception {
		String quant = "Bearer " + suite.apiKey("quant");
		String large = "{\"prompt\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		Map<String, Attack> attacks = new LinkedHashMap<>();
		attacks.put("no key", new Attack(post("/api/quant/predict", VALID), 401, "unauthenticated"));
		attacks.put("unknown key", new Attack(post("/api/quant/predict", VALID, "Authorization", "Bearer "
				+ UUID.randomUUID()), 401, "unauthenticated"));
		attacks.put("another team's key", new Attack(post("/api/quant/predict", VALID, "Authorization", "Bearer "
				+ suite.apiKey("finetune")), 403, "forbidden"));
		attacks.put("the admin key on a team", new Attack(post("/api/eval/predict", VALID, "x-api-key",
				suite.adminKey()), 403, "forbidden"));
		attacks.put("admin API with a team key", new Attack(send("GET", "/admin/teams", null, "Authorization", quant),
				403, "forbidden"));
		attacks.put("admin API without a key", new Attack(send("PUT", "/admin/teams/quant/failures/model-error", null),
				401, "unauthenticated"));
		attacks.put("oversized body by Content-Length", new Attack(post("/api/quant/predict", large, "Authorization",
				quant), 413, "payload-too-large"));
		attacks.put("oversized chunked body", new Attack(http.send(request("/api/quant/predict", "Authorization", quant)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
					large.getBytes(StandardCharsets.UTF_8))))
			.build(), HttpResponse.BodyHandlers.ofString()), 413, "payload-too-large"));
		attacks.put("16 KB header", new Attack(post("/api/quant/predict", VALID, "Authorization", quant, "X-Padding",
				"p".repeat(16 * 1024)), 431, "request-header-fields-too-large"));
		attacks.put("100 KB baggage", new Attack(post("/api/quant/predict", VALID, "Authorization", quant, "baggage",
				"k=" + "v".repeat(100 * 1024)), 431, "request-header-fields-too-large"));
		attacks.put("5,000-character path", new Attack(post("/api/quant/" + "a".repeat(5000), VALID, "Authorization",
				quant), 414, "uri-too-long"));
		attacks.put("Accept: text/html on an invalid request", new Attack(post("/api/quant/predict",
				"{\"prompt\":\"x\",\"max_tokens\":-1}", "Authorization", quant, "Accept", "text/html"), 400,
				"invalid-request"));
		attacks.put("bad JSON", new Attack(post("/api/quant/predict", "{\"prompt\": nope", "Authorization", quant), 400,
				"malformed-request"));
		attacks.put("encoded slash", new Attack(post("/api/quant%2Fpredict", VALID, "Authorization", quant), 404,
				"not-found"));
		attacks.put("dot segments", new Attack(post("/api/finetune/../quant/predict", VALID, "Authorization", quant),
				404, "not-found"));
		attacks.put("encoded dot segments", new Attack(post("/api/%2e%2e/quant/predict", VALID, "Authorization", quant),
				404, "not-found"));
		attacks.put("actuator through the gateway", new Attack(send("GET", "/actuator/health", null), 404, "not-found"));
		attacks.put("actuator through a team path", new Attack(send("GET", "/api/quant/../../actuator/env", null), 404,
				"not-found"));
		attacks.put("prometheus through the gateway", new Attack(send("GET", "/actuator/prometheus", null), 404,
				"not-found"));
		attacks.put("10,000-character correlation id", new Attack(post("/api/quant/predict", VALID, "X-Correlation-ID",
				"c".repeat(10_000)), 401, "unauthenticated"));
		attacks.put("wrong method", new Attack(send("GET", "/api/quant/predict", null, "Authorization", quant), 405,
				"method-not-allowed"));
		attacks.put("unknown team", new Attack(post("/api/nosuchteam/predict", VALID, "Authorization", quant), 404,
				"unknown-team"));
		List<String> failures = new ArrayList<>();
		attacks.forEach((name, attack) -> failures.addAll(attack.failures(name)));
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(1)
	void aRequestAtTheGatewaysHeadLimitsIsServedByTheTeam() throws Exception {
		String quant = "Bearer " + suite.apiKey("quant");
		// A target of exactly max-uri-length (2048), and header fields of exactly max-header-size (8192), as the
		// gateway counts them: its 431 says how many bytes the first try took.
		String target = "/api/quant/predict?q=";
		target += "q".repeat(2048 - target.length());
		String padding = "p".repeat(8192);
		HttpResponse<String> over = post(target, VALID, "Authorization", quant, "X-Padding", padding);
		assertThat(over.statusCode()).as(over.body()).isEqualTo(431);
		Matcher taken = Pattern.compile("take (\\d+) bytes; the limit is 8192").matcher(over.body());
		assertThat(taken.find()).as(over.body()).isTrue();
		padding = padding.substring(Integer.parseInt(taken.group(1)) - 8192);
		HttpResponse<String> atTheLimits = post(target, VALID, "Authorization", quant, "X-Padding", padding);
		// The gateway forwards it with headers of its own: the team service must take what the gateway takes.
		assertThat(atTheLimits.statusCode()).as(atTheLimits.body()).isEqualTo(200);
		assertThat(json.readTree(atTheLimits.body()).get("output").asString()).isNotBlank();
		// The same for the number of header fields: exactly max-header-count (100), one of them hop-by-hop.
		assertThat(raw(fields(100, quant))).startsWith("HTTP/1.1 200 ");
		assertThat(raw(fields(101, quant))).startsWith("HTTP/1.1 431 ")
			.contains("has 101 header fields; the limit is 100");
	}

	/** A prediction whose head has exactly {@code count} header fields, on a connection closed after it. */
	private static String fields(int count, String authorization) {
		StringBuilder head = new StringBuilder("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
				+ authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + VALID.length()
				+ "\r\nX-Correlation-ID: " + newId() + "\r\nConnection: close\r\n");
		for (int i = 6; i < count; i++) {
			head.append("X-Field-").append(i).append(": v\r\n");
		}
		return head.append("\r\n").append(VALID).toString();
	}

	@Test
	@Order(2)
	void correlationIdsThatCarryHeadersOrMarkupAreReplaced() throws Exception {
		// CRLF inside the value ends the header on the wire: what follows is a header of its own, never reflected.
		String answer = raw("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nX-Correlation-ID: abc\r\n"
				+ "Set-Cookie: stolen=1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
		assertThat(answer).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Set-Cookie");
		// A bare CR inside a value is refused by the HTTP parser before any of our code.
		String bareCr = raw("POST /api/quant/predict HTTP/1.1\r\nHost: localhost\r\nX-Correlation-ID: abc\rX-Evil: 1"
				+ "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
		assertThat(bareCr).startsWith("HTTP/1.1 4").doesNotContain("X-Evil");
		for (String hostile : List.of("<script>alert(1)</script>", "id\"}{\"x\":1", "a%0d%0aSet-Cookie:x")) {
			HttpResponse<String> response = post("/api/quant/predict", VALID, "X-Correlation-ID", hostile,
					"Authorization", "Bearer " + suite.apiKey("quant"));
			assertThat(response.statusCode()).isEqualTo(200);
			String id = response.headers().firstValue("X-Correlation-ID").orElseThrow();
			assertThat(id).isNotEqualTo(hostile).matches("[A-Za-z0-9._:-]{1,128}");
			assertThat(json.readTree(response.body()).get("correlation_id").asString()).isEqualTo(id);
		}
	}

	@Test
	@Order(3)
	void aRotatedOutKeyIsRefusedAndItsSuccessorServes() throws Exception {
		String old = suite.apiKey("eval");
		assertThat(suite.predict("eval", VALID, newId()).statusCode()).isEqualTo(200);
		String successor = suite.rotateKey("eval");
		secrets.add(successor);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(post("/api/eval/predict", VALID,
				"Authorization", "Bearer " + old).statusCode()).isEqualTo(401));
		assertThat(suite.predict("eval", VALID, newId()).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(4)
	void teamServicesAndTheSimulatorsAdminApiRefuseDirectCallers() throws Exception {
		for (String team : LocalSuite.TEAMS) {
			URI direct = URI.create("http://127.0.0.1:" + suite.teamPorts.get(team) + "/predict");
			for (String credential : new String[] { null, "guess", suite.apiKey(team) }) {
				HttpRequest.Builder request = HttpRequest.newBuilder(direct)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(VALID));
				if (credential != null) {
					request.header("X-Internal-Credential", credential);
				}
				HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				new Attack(response, 403, "forbidden").failures(team + " direct").forEach((failure) -> {
					throw new AssertionError(failure);
				});
			}
		}
		HttpResponse<String> faults = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + suite.simulatorPort + "/admin/faults/quant-endpoint"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + suite.apiKey("quant"))
			.PUT(HttpRequest.BodyPublishers.ofString("{\"errorRates\":{\"model_error\":1.0}}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(faults.statusCode()).isEqualTo(401);
		assertThat(faults.body()).contains(PROBLEMS + "unauthenticated");
	}

	@Test
	@Order(5)
	void aForgedTraceparentStartsANewTraceThatLinksToIt() throws Exception {
		String forgedTrace = UUID.randomUUID().toString().replace("-", "");
		String correlationId = newId();
		HttpResponse<String> response = post("/api/quant/predict", VALID, "Authorization",
				"Bearer " + suite.apiKey("quant"), "X-Correlation-ID", correlationId, "traceparent",
				"00-" + forgedTrace + "-00f067aa0ba902b7-01", "baggage", "tenant=someone-else");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(receiver.await(Duration.ofSeconds(30), receiver::spans, (spans) -> spans.stream()
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.count() >= 2)).isTrue();
		List<ReceivedSpan> servers = receiver.spans()
			.stream()
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER)
			.toList();
		assertThat(servers).allSatisfy((span) -> assertThat(span.traceId()).isNotEqualTo(forgedTrace));
		ReceivedSpan gateway = servers.stream()
			.filter((span) -> "gateway".equals(span.resourceAttribute("service.name")))
			.findFirst()
			.orElseThrow();
		assertThat(gateway.parentSpanId()).isEmpty();
		assertThat(gateway.span().getLinksList()).singleElement()
			.satisfies((link) -> assertThat(OtlpReceiver.hex(link.getTraceId().toByteArray())).isEqualTo(forgedTrace));
		assertThat(servers).extracting((span) -> span.traceId()).containsOnly(gateway.traceId());
	}

	@Test
	@Order(100)
	void noKeyIsInTheOtlpBytesOrTheLogsOfAnyService() throws Exception {
		// Let the last batches of spans and log records arrive.
		Thread.sleep(2000);
		String otlp = new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1);
		assertThat(otlp).as("OTLP received").contains("gateway");
		for (String secret : secrets) {
			assertThat(otlp.contains(secret)).as("a key in the OTLP bytes").isFalse();
			suite.outputs().forEach((service, lines) -> assertThat(String.join("\n", lines).contains(secret))
				.as("a key in the logs of " + service)
				.isFalse());
		}
	}

	private static String newId() {
		return "edge-" + UUID.randomUUID();
	}

	private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
		return send("POST", path, body, headers);
	}

	private static HttpResponse<String> send(String method, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = request(path, headers);
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody());
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + suite.gatewayPort + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static String raw(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), suite.gatewayPort)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** One answer and what it must be. */
	private record Attack(HttpResponse<String> response, int status, String type) {

		List<String> failures(String name) {
			List<String> failures = new ArrayList<>();
			String body = this.response.body();
			if (this.response.statusCode() != this.status) {
				failures.add(name + ": status " + this.response.statusCode() + " instead of " + this.status + ": " + body);
				return failures;
			}
			if (!this.response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
				failures.add(name + ": not application/problem+json");
				return failures;
			}
			JsonNode problem = json.readTree(body);
			if (!(PROBLEMS + this.type).equals(problem.path("type").asString())) {
				failures.add(name + ": type " + problem.path("type") + " instead of " + this.type);
			}
			if (problem.path("status").asInt() != this.status) {
				failures.add(name + ": status member " + problem.path("status"));
			}
			String header = this.response.headers().firstValue("X-Correlation-ID").orElse(null);
			if (header == null || !header.equals(problem.path("correlationId").asString())) {
				failures.add(name + ": correlation id " + header + " / " + problem.path("correlationId"));
			}
			for (String leak : List.of("Exception", "\tat ", "io.llmplatform", "org.springframework", "reactor.",
					"127.0.0.1", "localhost:")) {
				if (body.contains(leak)) {
					failures.add(name + ": the answer contains " + leak.strip() + ": " + body);
				}
			}
			for (String secret : secrets) {
				if (body.contains(secret)) {
					failures.add(name + ": the answer contains a key");
				}
			}
			return failures;
		}

	}

}
