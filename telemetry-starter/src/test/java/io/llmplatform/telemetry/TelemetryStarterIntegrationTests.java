package io.llmplatform.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.llmplatform.telemetry.sample.SampleApplication;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedLog;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedMetric;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample service with only the starter, exporting to a real OTLP/HTTP receiver in this
 * JVM: what leaves the process is decoded from the protobuf bytes and checked.
 */
class TelemetryStarterIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	private static final HttpClient http = HttpClient.newHttpClient();

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--spring.application.name=sample", "--platform.telemetry.team=quant",
				"--platform.telemetry.environment=test", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
				"--platform.telemetry.metrics.step=1s",
				"--otel.bsp.schedule.delay=100"));
	}

	@BeforeEach
	void clear() {
		receiver.clear();
	}

	@Test
	void oneRequestYieldsOneServerSpanWithCorrelationIdAndALogRecordInItsTrace() throws Exception {
		String correlationId = "test-" + UUID.randomUUID();
		HttpResponse<String> response = get("/downstream", "X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue(correlationId);
		// Other tests' spans may still be in flight: this request is found by its correlation id.
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> !withCorrelationId(spans, correlationId).isEmpty()))
			.isTrue();
		Thread.sleep(500);
		List<ReceivedSpan> servers = withCorrelationId(receiver.spans(), correlationId);
		assertThat(servers).hasSize(1);
		ReceivedSpan server = servers.get(0);
		assertThat(server.span().getName()).isEqualTo("GET /downstream");
		assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
		assertThat(server.attribute("correlation_id")).isEqualTo(correlationId);
		assertThat(server.attribute("http.request.method")).isEqualTo("GET");
		assertThat(server.attribute("http.route")).isEqualTo("/downstream");
		assertThat(server.resourceAttribute("service.name")).isEqualTo("sample");
		assertThat(server.resourceAttribute("service.namespace")).isEqualTo("quant");
		assertThat(server.resourceAttribute("team")).isEqualTo("quant");
		assertThat(server.resourceAttribute("deployment.environment.name")).isEqualTo("test");
		assertThat(receiver.spans().stream().filter((span) -> span.traceId().equals(server.traceId()))).hasSize(1);
	}

	@Test
	void malformedOrOverlongCorrelationIdsAreReplaced() throws Exception {
		for (String bad : new String[] { "has spaces and <script>", "x".repeat(129) }) {
			HttpResponse<String> response = get("/downstream", "X-Correlation-ID", bad);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Correlation-ID")).hasValueSatisfying(
					(id) -> assertThat(id).isNotEqualTo(bad).matches("[0-9a-f-]{36}"));
		}
		HttpResponse<String> longest = get("/downstream", "X-Correlation-ID", "x".repeat(128));
		assertThat(longest.headers().firstValue("X-Correlation-ID")).hasValue("x".repeat(128));
	}

	@Test
	void inboundTraceparentIsContinuedAndCarriedOnByTheRestClient() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		HttpResponse<String> response = get("/hello", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"traceparent\":\"00-" + traceId + "-");
		assertThat(response.body()).contains("correlation_id=");
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().filter((span) -> span.traceId().equals(traceId)).count() >= 3))
			.isTrue();
		Thread.sleep(500);
		List<ReceivedSpan> trace = receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
		ReceivedSpan helloServer = single(trace, SpanKind.SPAN_KIND_SERVER, "GET /hello");
		ReceivedSpan client = single(trace, SpanKind.SPAN_KIND_CLIENT, null);
		ReceivedSpan downstreamServer = single(trace, SpanKind.SPAN_KIND_SERVER, "GET /downstream");
		assertThat(helloServer.parentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(client.parentSpanId()).isEqualTo(helloServer.spanId());
		assertThat(downstreamServer.parentSpanId()).isEqualTo(client.spanId());
		assertThat(trace).hasSize(3);
		assertThat(downstreamServer.attribute("correlation_id")).isEqualTo(helloServer.attribute("correlation_id"));
		assertThat(receiver.await(WAIT, receiver::logs, (logs) -> logs.stream()
			.anyMatch((log) -> log.traceId().equals(traceId) && log.body().equals("Saying hello")))).isTrue();
		ReceivedLog log = receiver.logs()
			.stream()
			.filter((candidate) -> candidate.body().equals("Saying hello"))
			.findFirst()
			.orElseThrow();
		assertThat(log.attribute("correlation_id")).isEqualTo(helloServer.attribute("correlation_id"));
		assertThat(OtlpReceiver.hex(log.log().getSpanId().toByteArray())).isEqualTo(helloServer.spanId());
	}

	@Test
	void onlyTheW3cTraceContextIsRead() throws Exception {
		String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
		HttpResponse<String> response = get("/hello", "b3", traceId + "-00f067aa0ba902b7-1", "X-B3-TraceId", traceId,
				"X-B3-SpanId", "00f067aa0ba902b7", "X-B3-Sampled", "1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"traceparent\":\"00-").doesNotContain(traceId);
	}

	@Test
	void metricsAreExportedUnderTheCatalogueNamesInSeconds() throws Exception {
		get("/downstream");
		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> metrics.stream()
			.anyMatch((metric) -> metric.metric().getName().equals("http.server.request.duration")))).isTrue();
		ReceivedMetric duration = receiver.metrics()
			.stream()
			.filter((metric) -> metric.metric().getName().equals("http.server.request.duration"))
			.findFirst()
			.orElseThrow();
		// Micrometer writes "seconds" where the SDK writes "s": the collector turns both into the "_seconds" suffix.
		assertThat(duration.metric().getUnit()).isIn("s", "seconds");
		assertThat(duration.metric().hasHistogram()).isTrue();
		assertThat(duration.metric().getHistogram().getDataPoints(0).getExplicitBoundsList()).contains(0.005, 10.0);
		assertThat(duration.resourceAttribute("service.name")).isEqualTo("sample");
		assertThat(duration.resourceAttribute("team")).isEqualTo("quant");
		List<String> labels = duration.metric()
			.getHistogram()
			.getDataPointsList()
			.stream()
			.flatMap((point) -> point.getAttributesList().stream().map((attribute) -> attribute.getKey()))
			.distinct()
			.toList();
		assertThat(labels).contains("http.request.method", "http.route", "http.response.status_code");
	}

	@Test
	void genAiCallYieldsClientSpanAndMetricsWithoutPromptText() throws Exception {
		String secret = "SECRET-PROMPT-" + UUID.randomUUID();
		String correlationId = "genai-" + UUID.randomUUID();
		HttpResponse<String> response = post("/genai", "{\"prompt\":\"" + secret + " and more words\"}",
				"X-Correlation-ID", correlationId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> !withCorrelationId(spans, correlationId).isEmpty()))
			.isTrue();
		ReceivedSpan server = withCorrelationId(receiver.spans(), correlationId).get(0);
		assertThat(server.span().getName()).isEqualTo("POST /genai");
		List<ReceivedSpan> children = receiver.spans()
			.stream()
			.filter((span) -> span.parentSpanId().equals(server.spanId()))
			.toList();
		assertThat(children).hasSize(1);
		ReceivedSpan chat = children.get(0);
		assertThat(chat.span().getName()).isEqualTo("chat llm-baseline");
		assertThat(chat.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(chat.attribute("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(chat.attribute("gen_ai.provider.name")).isEqualTo("vllm");
		assertThat(chat.attribute("gen_ai.request.model")).isEqualTo("llm-baseline");
		assertThat(chat.attribute("gen_ai.usage.input_tokens")).isEqualTo("4");
		assertThat(chat.attribute("gen_ai.usage.output_tokens")).isEqualTo("3");
		assertThat(chat.attribute("gen_ai.response.finish_reasons")).isEqualTo("stop");
		assertThat(chat.attribute("model.version")).isEqualTo("v1");
		assertThat(chat.attribute("error.type")).as("only on failure").isNull();
		assertThat(chat.attribute("gen_ai.input.messages")).as("content capture is off by default").isNull();
		assertThat(chat.attribute("gen_ai.output.messages")).as("content capture is off by default").isNull();
		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> names(metrics)
			.containsAll(List.of("gen_ai.client.operation.duration", "gen_ai.client.token.usage",
					"gen_ai.client.operation.time_to_first_chunk")))).as(() -> names(receiver.metrics()).toString()).isTrue();
		Thread.sleep(1500);
		assertThat(new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1)).doesNotContain(secret)
			.doesNotContain("an answer");
	}

	@Test
	void prometheusScrapeHasTheCatalogueNamesResourceLabelsAndExemplars() throws Exception {
		get("/downstream");
		post("/genai", "{\"prompt\":\"a b\"}");
		HttpResponse<String> scrape = get("/actuator/prometheus", "Accept",
				"application/openmetrics-text; version=1.0.0; charset=utf-8");
		assertThat(scrape.statusCode()).isEqualTo(200);
		List<String> lines = scrape.body().lines().toList();
		String bucket = lines.stream()
			.filter((line) -> line.startsWith("http_server_request_duration_seconds_bucket{"))
			.filter((line) -> line.contains("http_route=\"/downstream\""))
			.filter((line) -> line.contains(" # {"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no bucket with an exemplar in\n" + scrape.body()));
		assertThat(bucket).contains("http_request_method=\"GET\"", "http_response_status_code=\"200\"",
				"service_name=\"sample\"", "service_namespace=\"quant\"", "team=\"quant\"");
		assertThat(bucket).containsPattern("# \\{.*trace_id=\"[0-9a-f]{32}\"");
		// Exemplars on _count/_sum lines make Prometheus before 2.43 reject the whole scrape.
		assertThat(lines).filteredOn((line) -> line.contains("_count{") || line.contains("_sum{"))
			.isNotEmpty()
			.noneMatch((line) -> line.contains(" # {"));
		assertThat(lines).anyMatch((line) -> line.startsWith("gen_ai_client_operation_duration_seconds_bucket{"));
		assertThat(lines).anyMatch((line) -> line.startsWith("gen_ai_client_token_usage_bucket{")
				&& line.contains("gen_ai_token_type=\"input\""));
		assertThat(lines)
			.anyMatch((line) -> line.startsWith("gen_ai_client_operation_time_to_first_chunk_seconds_bucket{"));
	}

	@Test
	void scrapeAndOtlpCarryTheSameLabelsForEveryCatalogueHistogram() throws Exception {
		get("/downstream");
		post("/genai", "{\"prompt\":\"a b\"}");
		List<String> histograms = List.of("http.server.request.duration", "gen_ai.client.operation.duration",
				"gen_ai.client.token.usage", "gen_ai.client.operation.time_to_first_chunk");
		assertThat(receiver.await(WAIT, receiver::metrics, (metrics) -> names(metrics).containsAll(histograms)))
			.isTrue();
		String scrape = get("/actuator/prometheus").body();
		for (String name : histograms) {
			ReceivedMetric otlp = receiver.metrics()
				.stream()
				.filter((metric) -> metric.metric().getName().equals(name))
				.reduce((first, second) -> second)
				.orElseThrow();
			java.util.Set<String> otlpLabels = new java.util.TreeSet<>();
			otlp.metric()
				.getHistogram()
				.getDataPoints(0)
				.getAttributesList()
				.forEach((attribute) -> otlpLabels.add(attribute.getKey().replace('.', '_')));
			// On the OTLP path these three arrive as resource attributes (the collector turns them into labels).
			otlpLabels.addAll(List.of("service_name", "service_namespace", "team"));
			String unitSuffix = "seconds".equals(otlp.metric().getUnit()) || "s".equals(otlp.metric().getUnit())
					? "_seconds" : "";
			String series = name.replace('.', '_') + unitSuffix + "_count{";
			String line = scrape.lines()
				.filter((candidate) -> candidate.startsWith(series))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
			java.util.Set<String> scrapeLabels = new java.util.TreeSet<>();
			java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([a-z_]+)=\"").matcher(line);
			while (matcher.find()) {
				scrapeLabels.add(matcher.group(1));
			}
			assertThat(scrapeLabels).as(name).isEqualTo(otlpLabels);
			java.util.Set<String> documented = new java.util.TreeSet<>(List.of("service_name", "service_namespace", "team"));
			java.util.Arrays.stream(documentation(name).getKeyNames())
				.forEach((key) -> documented.add(key.asString().replace('.', '_')));
			if (name.startsWith("http.")) {
				// Recorded by Micrometer's default observation handler, which adds its own "error" label.
				documented.add("error");
			}
			assertThat(scrapeLabels).as("%s as docs/telemetry.md documents it", name).isEqualTo(documented);
		}
	}

	private static io.micrometer.core.instrument.docs.MeterDocumentation documentation(String name) {
		return io.llmplatform.telemetry.catalogue.TelemetryCatalogue.load()
			.contributors()
			.stream()
			.flatMap((contributor) -> contributor.meters().stream())
			.filter((meter) -> meter.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not in the catalogue"));
	}

	private static List<String> names(List<ReceivedMetric> metrics) {
		return metrics.stream().map((metric) -> metric.metric().getName()).distinct().toList();
	}

	private static List<ReceivedSpan> withCorrelationId(List<ReceivedSpan> spans, String correlationId) {
		return spans.stream().filter((span) -> correlationId.equals(span.attribute("correlation_id"))).toList();
	}

	private static ReceivedSpan single(List<ReceivedSpan> spans, SpanKind kind, String name) {
		List<ReceivedSpan> matching = spans.stream()
			.filter((span) -> span.span().getKind() == kind)
			.filter((span) -> name == null || span.span().getName().equals(name))
			.toList();
		assertThat(matching).as("%s spans named %s", kind, name).hasSize(1);
		return matching.get(0);
	}

	static int port() {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	private static HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(String path, String json, String... headers) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		HttpRequest request = builder.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
