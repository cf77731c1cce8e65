package io.llmplatform.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.llmplatform.gateway.observation.UpstreamCallTelemetryFilter;
import io.llmplatform.gateway.problem.GatewayProblemType;
import io.llmplatform.gateway.quota.InMemoryQuotaStore;
import io.llmplatform.gateway.quota.QuotaStore;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.llmplatform.telemetry.test.ApiKeys;
import io.llmplatform.telemetry.test.TestResources;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway application in this JVM in front of loopback team services, exporting to a real
 * OTLP receiver: routing, problem details, correlation, metrics on the scrape and the spans
 * that leave the process.
 */
class GatewayIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static OtlpReceiver receiver;

	private static StubTeamService quant;

	private static StubTeamService finetune;

	private static StubTeamService eval;

	private static StubTeamService search;

	private static ConfigurableApplicationContext gateway;

	private static int port;

	private static int managementPort;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws IOException {
		receiver = resources.add(OtlpReceiver.start());
		quant = resources.add(StubTeamService.start("quant"));
		finetune = resources.add(StubTeamService.start("finetune"));
		eval = resources.add(StubTeamService.start("eval"));
		search = resources.add(StubTeamService.start("search"));
		gateway = resources.add(new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
				"--platform.telemetry.metrics.step=1s", "--otel.bsp.schedule.delay=100",
				"--platform.gateway.teams.quant.url=" + quant.url(),
				"--platform.gateway.teams.finetune.url=" + finetune.url(),
				"--platform.gateway.teams.eval.url=" + eval.url(),
				// A team that exists only through these two properties.
				"--platform.gateway.teams.search.url=" + search.url(),
				"--platform.gateway.teams.slow.url=" + quant.url(),
				"--platform.gateway.teams.slow.response-timeout=300ms",
				// The gateway's own deadline passes before the route's response timeout: the call is cancelled.
				"--platform.gateway.teams.late.url=" + quant.url(),
				"--platform.gateway.resilience.teams.late.deadline=300ms",
				"--platform.gateway.teams.down.url=http://127.0.0.1:" + closedPort(),
				// Each team's key is "key-<team>" (see send).
				"--platform.gateway.api-keys.teams.quant=" + ApiKeys.sha256Hex("key-quant"),
				"--platform.gateway.api-keys.teams.finetune=" + ApiKeys.sha256Hex("key-finetune"),
				"--platform.gateway.api-keys.teams.eval=" + ApiKeys.sha256Hex("key-eval"),
				"--platform.gateway.api-keys.teams.search=" + ApiKeys.sha256Hex("key-search"),
				"--platform.gateway.api-keys.teams.slow=" + ApiKeys.sha256Hex("key-slow"),
				"--platform.gateway.api-keys.teams.late=" + ApiKeys.sha256Hex("key-late"),
				"--platform.gateway.api-keys.teams.down=" + ApiKeys.sha256Hex("key-down")));
		port = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port"));
		managementPort = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.management.port"));
	}

	@Test
	void startsWithoutRedisWhenQuotasAreKeptInMemory() {
		assertThat(gateway.getBean(QuotaStore.class)).isInstanceOf(InMemoryQuotaStore.class);
		assertThat(gateway.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		assertThat(gateway.getBeanNamesForType(ReactiveStringRedisTemplate.class)).isEmpty();
	}

	@Test
	void noGrpcHeaderFiltersOnTheProxyPath() {
		// No gRPC is proxied (server.http2.enabled=false): each of these would copy every forwarded request's headers.
		assertThat(gateway.getBeansOfType(HttpHeadersFilter.class).values()).isNotEmpty()
			.noneMatch((filter) -> filter instanceof GRPCRequestHeadersFilter || filter instanceof GRPCResponseHeadersFilter);
	}

	@Test
	void routesEachConfiguredTeamToItsPredictPath() throws Exception {
		for (Map.Entry<String, StubTeamService> team : Map.of("quant", quant, "finetune", finetune, "eval", eval).entrySet()) {
			String name = team.getKey();
			String body = "{\"prompt\":\"hello " + name + "\"}";
			HttpResponse<String> response = predict("/api/" + name + "/predict", body);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("served_by").asString()).isEqualTo(name);
			StubTeamService.Received received = team.getValue().last();
			assertThat(received.method()).isEqualTo("POST");
			assertThat(received.path()).isEqualTo("/predict");
			assertThat(received.body()).isEqualTo(body);
		}
	}

	@Test
	void teamAddedOnlyThroughAPropertyIsRouted() throws Exception {
		HttpResponse<String> response = predict("/api/search/predict", "{\"prompt\":\"find\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("served_by").asString()).isEqualTo("search");
		assertThat(search.last().path()).isEqualTo("/predict");
	}

	@Test
	void unknownTeamIsA404Problem() throws Exception {
		HttpResponse<String> response = predict("/api/nosuchteam/predict", "{}");
		JsonNode problem = assertProblem(response, 404, GatewayProblemType.UNKNOWN_TEAM);
		assertThat(problem.get("instance").asString()).isEqualTo("/api/nosuchteam/predict");
	}

	@Test
	void otherPathsAre404Problems() throws Exception {
		assertProblem(send("GET", "/nothing/here", null), 404, GatewayProblemType.NOT_FOUND);
		assertProblem(send("POST", "/api/quant/other", "{}"), 404, GatewayProblemType.NOT_FOUND);
		assertProblem(send("GET", "/", null), 404, GatewayProblemType.NOT_FOUND);
	}

	@Test
	void actuatorOnTheMainPortIsA404Problem() throws Exception {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/gateway/routes")) {
			JsonNode problem = assertProblem(send("GET", path, null), 404, GatewayProblemType.NOT_FOUND);
			assertThat(problem.get("instance").asString()).isEqualTo(path);
		}
	}

	@Test
	void wrongMethodOnAConfiguredTeamIsA405ProblemWithAllow() throws Exception {
		for (String method : List.of("GET", "PUT", "DELETE")) {
			HttpResponse<String> response = send(method, "/api/quant/predict", method.equals("PUT") ? "{}" : null);
			assertProblem(response, 405, GatewayProblemType.METHOD_NOT_ALLOWED);
			assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		}
	}

	@Test
	void closedUpstreamPortIsA502Problem() throws Exception {
		assertProblem(predict("/api/down/predict", "{}"), 502, GatewayProblemType.UPSTREAM_UNAVAILABLE);
	}

	@Test
	void upstreamSlowerThanTheRouteTimeoutIsA504Problem() throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = send("POST", "/api/slow/predict", "{}", StubTeamService.BEHAVIOUR, "slow");
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		JsonNode problem = assertProblem(response, 504, GatewayProblemType.UPSTREAM_TIMEOUT);
		assertThat(problem.get("detail").asString()).contains("300 ms");
		assertThat(millis).isLessThan(StubTeamService.SLOW_MILLIS);
	}

	@Test
	void problemFromTheTeamServiceIsPassedThroughUnchanged() throws Exception {
		String correlationId = "passthrough-" + UUID.randomUUID();
		HttpResponse<String> response = send("POST", "/api/finetune/predict", "{\"max_tokens\":-1}",
				StubTeamService.BEHAVIOUR, "problem", "X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).isEqualTo(StubTeamService.PROBLEM_BODY);
		assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue(correlationId);
		// The conventions' span status: a 4xx is an error of the call to the team, not of the gateway's request.
		List<ReceivedSpan> trace = traceOf(correlationId, 2);
		assertThat(single(trace, SpanKind.SPAN_KIND_CLIENT).span().getStatus().getCode().name())
			.isEqualTo("STATUS_CODE_ERROR");
		assertThat(single(trace, SpanKind.SPAN_KIND_SERVER).span().getStatus().getCode().name())
			.isEqualTo("STATUS_CODE_UNSET");
	}

	@Test
	void correlationIdOfTheRequestIsKeptInProblemsAndForwardedUpstream() throws Exception {
		String correlationId = "kept-" + UUID.randomUUID();
		HttpResponse<String> problem = send("POST", "/api/nosuchteam/predict", "{}", "X-Correlation-ID", correlationId);
		assertThat(assertProblem(problem, 404, GatewayProblemType.UNKNOWN_TEAM).get("correlationId").asString())
			.isEqualTo(correlationId);
		HttpResponse<String> routed = send("POST", "/api/eval/predict", "{}", "X-Correlation-ID", correlationId);
		assertThat(routed.statusCode()).isEqualTo(200);
		assertThat(routed.headers().firstValue("X-Correlation-ID")).hasValue(correlationId);
		assertThat(eval.last().header("X-Correlation-ID")).isEqualTo(correlationId);
		// Without one, the team gets the id the gateway made and answered with.
		HttpResponse<String> generated = send("POST", "/api/eval/predict", "{}");
		assertThat(generated.statusCode()).isEqualTo(200);
		assertThat(eval.last().header("X-Correlation-ID")).as("the id the team got")
			.isEqualTo(generated.headers().firstValue("X-Correlation-ID").orElseThrow());
	}

	@Test
	void actuatorIsOnTheManagementPortWithGatewayMetricsOnTheScrape() throws Exception {
		predict("/api/quant/predict", "{}");
		predict("/api/nosuchteam/predict", "{}");
		send("GET", "/api/quant/predict", null);
		HttpResponse<String> health = http.send(HttpRequest.newBuilder(management("/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(management("/actuator/prometheus"))
			.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		List<String> lines = scrape.body().lines().toList();
		assertThat(lines).anyMatch((line) -> line.startsWith("gateway_requests_total{")
				&& line.contains("team=\"quant\"") && line.contains("status=\"200\"")
				&& line.contains("outcome=\"SUCCESS\"") && line.contains("service_name=\"gateway\""));
		assertThat(lines).anyMatch((line) -> line.startsWith("gateway_requests_total{")
				&& line.contains("team=\"unknown\"") && line.contains("status=\"404\"")
				&& line.contains("outcome=\"CLIENT_ERROR\""));
		assertThat(lines).anyMatch((line) -> line.startsWith("gateway_requests_total{")
				&& line.contains("team=\"quant\"") && line.contains("status=\"405\""));
		String bucket = lines.stream()
			.filter((line) -> line.startsWith("gateway_request_duration_seconds_bucket{"))
			.filter((line) -> line.contains("team=\"quant\"") && line.contains("status=\"200\""))
			.filter((line) -> line.contains(" # {"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no gateway bucket with an exemplar in\n" + scrape.body()));
		assertThat(bucket).containsPattern("# \\{.*trace_id=\"[0-9a-f]{32}\"");
		assertThat(lines).anyMatch((line) -> line.startsWith("gateway_request_duration_seconds_bucket{")
				&& line.contains("le=\"0.005\""));
		assertThat(lines).anyMatch((line) -> line.startsWith("http_server_request_duration_seconds_count{")
				&& line.contains("http_route=\"/api/{team}/predict\""));
		String clientBucket = lines.stream()
			.filter((line) -> line.startsWith("http_client_request_duration_seconds_bucket{"))
			.filter((line) -> line.contains("spring_cloud_gateway_route_id=\"team-quant\"")
					&& line.contains("http_response_status_code=\"200\"") && line.contains("error_type=\"none\"")
					&& line.contains("http_request_method=\"POST\"") && line.contains("server_address=\"")
					&& line.contains("server_port=\"" + java.net.URI.create(quant.url()).getPort() + "\""))
			.filter((line) -> line.contains(" # {"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no client bucket of team-quant with an exemplar in\n" + scrape.body()));
		assertThat(clientBucket).containsPattern("# \\{.*trace_id=\"[0-9a-f]{32}\"");
		// Spring Cloud Gateway's own timer is off: the catalogue's series are the gateway's metrics.
		assertThat(lines).noneMatch((line) -> line.startsWith("spring_cloud_gateway_requests"));
	}

	@Test
	void arbitraryTeamSegmentsNeverBecomeLabelValues() throws Exception {
		String random = "t" + UUID.randomUUID().toString().replace("-", "");
		predict("/api/" + random + "/predict", "{}");
		send("GET", "/api/" + random + "/anything/else", null);
		String scrape = http.send(HttpRequest.newBuilder(management("/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		assertThat(scrape).contains("gateway_requests_total{").doesNotContain(random);
	}

	@Test
	void proxiedRequestIsOneTraceWithOneServerAndOneClientSpan() throws Exception {
		String correlationId = "trace-" + UUID.randomUUID();
		HttpResponse<String> response = send("POST", "/api/quant/predict", "{}", "X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(200);
		StubTeamService.Received upstream = quant.last();
		List<ReceivedSpan> trace = traceOf(correlationId, 2);
		assertThat(trace).hasSize(2);
		ReceivedSpan server = single(trace, SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan client = single(trace, SpanKind.SPAN_KIND_CLIENT);
		assertThat(server.parentSpanId()).isEmpty();
		assertThat(server.span().getName()).isEqualTo("POST /api/{team}/predict");
		assertThat(server.attribute("team")).isEqualTo("quant");
		assertThat(server.attribute("correlation_id")).isEqualTo(correlationId);
		assertThat(server.attribute("http.response.status_code")).isEqualTo("200");
		assertThat(server.resourceAttribute("service.name")).isEqualTo("gateway");
		assertThat(server.resourceAttribute("service.namespace")).isEqualTo("platform");
		assertThat(client.parentSpanId()).isEqualTo(server.spanId());
		assertThat(client.attribute("spring.cloud.gateway.route.id")).isEqualTo("team-quant");
		// OpenTelemetry HTTP client conventions, typed: the name is the method, numbers are numbers.
		assertThat(client.span().getName()).isEqualTo("POST");
		assertThat(client.attribute("http.request.method")).isEqualTo("POST");
		assertThat(client.attribute("server.address")).isNotBlank();
		assertThat(typed(client, "server.port").getIntValue())
			.isEqualTo(java.net.URI.create(quant.url()).getPort());
		assertThat(typed(client, "http.response.status_code").getIntValue()).isEqualTo(200);
		assertThat(typed(server, "http.response.status_code").getIntValue()).isEqualTo(200);
		assertThat(client.attribute("url.full")).startsWith(quant.url() + "/");
		assertThat(client.span().getAttributesList()).extracting((attribute) -> attribute.getKey())
			.doesNotContain("http.uri", "http.status_code", "http.method", "error.type");
		// Sampled; the SDK also sets W3C Trace Context level 2's random flag (0x02) on the trace ids it makes.
		assertThat(upstream.header("traceparent")).matches("00-" + server.traceId() + "-" + client.spanId() + "-0[13]");
		assertThat(upstream.header("X-Correlation-ID")).isEqualTo(correlationId);
	}

	@Test
	void rejectedRequestIsOneServerSpanWithTheUnknownTeam() throws Exception {
		String correlationId = "rejected-" + UUID.randomUUID();
		assertProblem(send("POST", "/api/nosuchteam/predict", "{}", "X-Correlation-ID", correlationId), 404,
				GatewayProblemType.UNKNOWN_TEAM);
		List<ReceivedSpan> trace = traceOf(correlationId, 1);
		assertThat(trace).hasSize(1);
		ReceivedSpan server = single(trace, SpanKind.SPAN_KIND_SERVER);
		assertThat(server.attribute("team")).isEqualTo("unknown");
		assertThat(server.attribute("http.response.status_code")).isEqualTo("404");
		assertThat(server.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_UNSET");
	}

	@Test
	void failedProxyIsOneServerAndOneClientSpanBothMarked() throws Exception {
		String correlationId = "down-" + UUID.randomUUID();
		assertProblem(send("POST", "/api/down/predict", "{}", "X-Correlation-ID", correlationId), 502,
				GatewayProblemType.UPSTREAM_UNAVAILABLE);
		List<ReceivedSpan> trace = traceOf(correlationId, 2);
		assertThat(trace).hasSize(2);
		ReceivedSpan server = single(trace, SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan client = single(trace, SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.parentSpanId()).isEqualTo(server.spanId());
		assertThat(server.attribute("team")).isEqualTo("down");
		assertThat(server.attribute("http.response.status_code")).isEqualTo("502");
		assertThat(client.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
		assertThat(server.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
		assertThat(client.attribute("error.type")).isNotBlank().isNotEqualTo("none");
	}

	@Test
	void callCancelledAtTheGatewaysDeadlineIsAClientSpanMarkedCancelled() throws Exception {
		String correlationId = "late-" + UUID.randomUUID();
		assertProblem(send("POST", "/api/late/predict", "{}", StubTeamService.BEHAVIOUR, "slow", "X-Correlation-ID",
				correlationId), 504, GatewayProblemType.UPSTREAM_TIMEOUT);
		List<ReceivedSpan> trace = traceOf(correlationId, 2);
		assertThat(trace).hasSize(2);
		ReceivedSpan server = single(trace, SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan client = single(trace, SpanKind.SPAN_KIND_CLIENT);
		assertThat(client.parentSpanId()).isEqualTo(server.spanId());
		assertThat(client.attribute("error.type")).isEqualTo(UpstreamCallTelemetryFilter.CANCELLED);
		assertThat(client.attribute("spring.cloud.gateway.route.id")).isEqualTo("team-late");
		assertThat(client.span().getAttributesList()).extracting((attribute) -> attribute.getKey())
			.doesNotContain("http.response.status_code");
		assertThat(server.attribute("http.response.status_code")).isEqualTo("504");
	}

	private static io.opentelemetry.proto.common.v1.AnyValue typed(ReceivedSpan span, String key) {
		return span.span()
			.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + key + " on " + span.span().getName()))
			.getValue();
	}

	private static List<ReceivedSpan> traceOf(String correlationId, int expectedSpans) throws InterruptedException {
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().anyMatch((span) -> correlationId.equals(span.attribute("correlation_id")))))
			.as("SERVER span with correlation_id " + correlationId)
			.isTrue();
		String traceId = receiver.spans()
			.stream()
			.filter((span) -> correlationId.equals(span.attribute("correlation_id")))
			.findFirst()
			.orElseThrow()
			.traceId();
		receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().filter((span) -> span.traceId().equals(traceId)).count() >= expectedSpans);
		// A doubled span would arrive within the export interval: the count must hold for a while. When it
		// does not, the caller's assertions name what arrived.
		try {
			Awaitility.await()
				.during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).count(),
						(count) -> count == expectedSpans);
		}
		catch (ConditionTimeoutException ex) {
			// reported below
		}
		return receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private static ReceivedSpan single(List<ReceivedSpan> trace, SpanKind kind) {
		List<ReceivedSpan> ofKind = trace.stream().filter((span) -> span.span().getKind() == kind).toList();
		assertThat(ofKind).as(kind + " spans in " + trace).hasSize(1);
		return ofKind.get(0);
	}

	private static JsonNode assertProblem(HttpResponse<String> response, int status, GatewayProblemType type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(type.type().toString());
		assertThat(problem.get("title").asString()).isEqualTo(type.title());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).isEqualTo(response.uri().getPath());
		String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
		assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
		return problem;
	}

	private static HttpResponse<String> predict(String path, String body) throws Exception {
		return send("POST", path, body);
	}

	private static HttpResponse<String> send(String method, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		TestKeys.teamOf(path).ifPresent((team) -> request.header("Authorization", "Bearer key-" + team));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI management(String path) {
		return URI.create("http://127.0.0.1:" + managementPort + path);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
