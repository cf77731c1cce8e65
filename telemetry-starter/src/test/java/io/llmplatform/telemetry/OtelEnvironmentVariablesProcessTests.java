package io.llmplatform.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmplatform.telemetry.sample.SampleApplication;
import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample service as a separate JVM configured only through standard {@code OTEL_*}
 * environment variables (and the downward-API {@code K8S_*} ones), as a Kubernetes
 * deployment configures it. Two processes start side by side: one exporting, one with
 * {@code OTEL_SDK_DISABLED=true}.
 */
class OtelEnvironmentVariablesProcessTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static OtlpReceiver receiver;

	private static OtlpReceiver disabledReceiver;

	private static JavaProcess configured;

	private static JavaProcess disabled;

	private static int configuredPort;

	private static int disabledPort;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() throws Exception {
		receiver = resources.add(OtlpReceiver.start());
		disabledReceiver = resources.add(OtlpReceiver.start());
		configuredPort = JavaProcess.freePort();
		disabledPort = JavaProcess.freePort();
		configured = resources.add(JavaProcess.start(SampleApplication.class.getName(),
				Map.ofEntries(Map.entry("SERVER_PORT", String.valueOf(configuredPort)),
						Map.entry("OTEL_SERVICE_NAME", "env-named-service"),
						Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()),
						Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
						Map.entry("OTEL_RESOURCE_ATTRIBUTES",
								"team=finetune,deployment.environment.name=staging,service.version=9.9.9"),
						Map.entry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
						Map.entry("OTEL_TRACES_SAMPLER_ARG", "1.0"), Map.entry("OTEL_METRIC_EXPORT_INTERVAL", "1000"),
						Map.entry("K8S_POD_NAME", "finetune-7d9f-abcde"),
						Map.entry("K8S_NAMESPACE_NAME", "team-finetune"),
						Map.entry("OTEL_BSP_SCHEDULE_DELAY", "100"))));
		disabled = resources.add(JavaProcess.start(SampleApplication.class.getName(),
				Map.of("SERVER_PORT", String.valueOf(disabledPort), "OTEL_SDK_DISABLED", "true",
						"OTEL_EXPORTER_OTLP_ENDPOINT", disabledReceiver.endpoint(), "OTEL_METRIC_EXPORT_INTERVAL",
						"1000", "OTEL_BSP_SCHEDULE_DELAY", "100")));
		configured.awaitOutput("Started SampleApplication", Duration.ofSeconds(90));
		disabled.awaitOutput("Started SampleApplication", Duration.ofSeconds(90));
	}

	@Test
	void resourceExportEndpointSamplerAndIntervalComeFromTheEnvironment() throws Exception {
		HttpResponse<String> response = get(configuredPort, "/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> spans.size() >= 3)).isTrue();
		ReceivedSpan span = receiver.spans().get(0);
		assertThat(span.resourceAttribute("service.name")).isEqualTo("env-named-service");
		assertThat(span.resourceAttribute("team")).isEqualTo("finetune");
		assertThat(span.resourceAttribute("service.namespace")).isEqualTo("finetune");
		assertThat(span.resourceAttribute("deployment.environment.name")).isEqualTo("staging");
		assertThat(span.resourceAttribute("service.version")).isEqualTo("9.9.9");
		assertThat(span.resourceAttribute("k8s.pod.name")).isEqualTo("finetune-7d9f-abcde");
		assertThat(span.resourceAttribute("k8s.namespace.name")).isEqualTo("team-finetune");
		assertThat(receiver.await(Duration.ofSeconds(10), receiver::metrics, (metrics) -> !metrics.isEmpty()))
			.as("metrics pushed at the 1 s interval").isTrue();
		assertThat(receiver.metrics().get(0).resourceAttribute("service.name")).isEqualTo("env-named-service");
	}

	@Test
	void logLinesAreJsonWithTraceAndCorrelation() throws Exception {
		get(configuredPort, "/hello");
		assertThat(receiver.await(WAIT, receiver::spans, (spans) -> !spans.isEmpty())).isTrue();
		JsonMapper json = JsonMapper.builder().build();
		JsonNode hello = null;
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (hello == null && System.nanoTime() < deadline) {
			hello = configured.output()
				.stream()
				.filter((line) -> line.startsWith("{") && line.contains("Saying hello"))
				.map(json::readTree)
				.findFirst()
				.orElse(null);
			Thread.sleep(100);
		}
		assertThat(hello).isNotNull();
		assertThat(hello.get("level").asString()).isEqualTo("INFO");
		assertThat(hello.get("logger").asString()).endsWith("SampleController");
		assertThat(hello.get("service.name").asString()).isEqualTo("env-named-service");
		assertThat(hello.get("team").asString()).isEqualTo("finetune");
		assertThat(hello.get("correlation_id").asString()).isNotBlank();
		String traceId = hello.get("trace_id").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(hello.get("span_id").asString()).matches("[0-9a-f]{16}");
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().anyMatch((span) -> span.traceId().equals(traceId))))
			.isTrue();
		List<String> notJson = configured.output().stream().filter((line) -> !line.startsWith("{")).toList();
		assertThat(notJson).as("every line after the banner is JSON").allMatch((line) -> line.isBlank()
				|| !line.contains("\"level\"") && !line.matches(".*\\b(INFO|WARN|ERROR)\\b.*"));
	}

	@Test
	void sdkDisabledExportsNothingAndServesRequests() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get(disabledPort, "/hello").statusCode()).isEqualTo(200);
		}
		Thread.sleep(3000);
		assertThat(disabledReceiver.spans()).isEmpty();
		assertThat(disabledReceiver.metrics()).isEmpty();
		assertThat(disabledReceiver.logs()).isEmpty();
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
