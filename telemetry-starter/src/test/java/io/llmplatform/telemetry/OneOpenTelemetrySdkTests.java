package io.llmplatform.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.llmplatform.telemetry.sample.SampleApplication;
import io.llmplatform.telemetry.test.OtlpReceiver;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedLog;
import io.llmplatform.telemetry.test.OtlpReceiver.ReceivedSpan;
import io.llmplatform.telemetry.test.TestResources;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One OpenTelemetry SDK per process: the OpenTelemetry Spring Boot starter's, which Spring
 * Boot's Micrometer tracing bridge and the Logback appender use too. Checked on the beans and,
 * as it leaves the process, on the OTLP bytes: every span and log record once, no span doubled
 * by the starter's own web instrumentation, no second metric pipeline.
 */
class OneOpenTelemetrySdkTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	@RegisterExtension
	static final TestResources resources = new TestResources();

	@BeforeAll
	static void start() {
		receiver = resources.add(OtlpReceiver.start());
		app = resources.add(new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--spring.application.name=one-sdk", "--otel.exporter.otlp.endpoint=" + receiver.endpoint(),
				"--otel.metric.export.interval=500", "--otel.bsp.schedule.delay=100",
				"--otel.blrp.schedule.delay=100"));
	}

	@Test
	void theContextHoldsTheStartersSdkOnly() {
		AutoConfiguredOpenTelemetrySdk sdk = app.getBean(AutoConfiguredOpenTelemetrySdk.class);
		assertThat(app.getBeansOfType(OpenTelemetry.class)).hasSize(1);
		assertThat(app.getBean(SdkTracerProvider.class)).isSameAs(sdk.getOpenTelemetrySdk().getSdkTracerProvider());
		assertThat(app.getBean(SdkLoggerProvider.class)).isSameAs(sdk.getOpenTelemetrySdk().getSdkLoggerProvider());
		assertThat(app.getBeansOfType(SdkTracerProvider.class)).hasSize(1);
		assertThat(app.getBeansOfType(SdkLoggerProvider.class)).hasSize(1);
		assertThat(app.getBeansOfType(SdkMeterProvider.class)).isEmpty();
		assertThat(app.getBeansOfType(BatchSpanProcessor.class)).as("Spring Boot's own span pipeline").isEmpty();
		assertThat(app.getBeansOfType(BatchLogRecordProcessor.class)).as("Spring Boot's own log pipeline").isEmpty();
	}

	@Test
	void spansLogsAndMetricsLeaveOnceEach() throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(receiver.await(WAIT, receiver::logs,
				(logs) -> logs.stream().anyMatch((log) -> log.body().equals("Saying hello"))))
			.isTrue();
		ReceivedLog hello = receiver.logs().stream().filter((log) -> log.body().equals("Saying hello")).findFirst()
			.orElseThrow();
		String traceId = hello.traceId();
		assertThat(receiver.await(WAIT, receiver::spans,
				(spans) -> spans.stream().filter((span) -> span.traceId().equals(traceId)).count() >= 3))
			.isTrue();
		// Two more export rounds: anything doubled would have arrived by now.
		Thread.sleep(1500);

		List<ReceivedSpan> trace = receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
		assertThat(trace).hasSize(3);
		assertThat(trace.stream().filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER))
			.extracting((span) -> span.span().getName())
			.containsExactlyInAnyOrder("GET /hello", "GET /downstream");
		assertThat(trace.stream().filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_CLIENT)).hasSize(1);
		assertThat(receiver.logs().stream().filter((log) -> log.body().equals("Saying hello"))).hasSize(1);
		assertThat(OtlpReceiver.attribute(hello.resource().getAttributesList(), "service.name")).isEqualTo("one-sdk");
		assertThat(hello.resource().getAttributesList()).as("no command line (it may hold credentials)")
			.noneMatch((attribute) -> attribute.getKey().startsWith("process.command"));

		assertThat(receiver.metrics()).as("Micrometer's OTLP registry exports")
			.anyMatch((metric) -> metric.metric().getName().equals("http.server.request.duration"));
		assertThat(receiver.metrics()).as("the SDK's meter provider exports nothing (one metric pipeline)")
			.noneMatch((metric) -> metric.metric().getName().startsWith("otel.sdk."));
	}

}
