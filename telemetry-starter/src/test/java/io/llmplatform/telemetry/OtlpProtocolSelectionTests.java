package io.llmplatform.telemetry;

import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport is chosen by one property (or {@code OTEL_EXPORTER_OTLP_PROTOCOL}), through
 * the starter's environment post-processor and Spring Boot's exporters, in a real context.
 */
class OtlpProtocolSelectionTests {

	@Test
	void httpProtobufIsTheDefault() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(SpanExporter.class).toString()).contains("OtlpHttpSpanExporter")
				.contains("localhost:4318/v1/traces");
			assertThat(context.getBean(LogRecordExporter.class).toString()).contains("OtlpHttpLogRecordExporter");
		}
	}

	@Test
	void grpcIsSelectable() {
		try (ConfigurableApplicationContext context = start("--platform.telemetry.otlp.protocol=grpc",
				"--platform.telemetry.otlp.endpoint=http://127.0.0.1:4317")) {
			assertThat(context.getBean(SpanExporter.class).toString()).contains("OtlpGrpcSpanExporter")
				.contains("127.0.0.1:4317");
			assertThat(context.getBean(LogRecordExporter.class).toString()).contains("OtlpGrpcLogRecordExporter");
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.otlp.metrics.export.url"))
				.isEqualTo("http://127.0.0.1:4318/v1/metrics");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		// Nothing listens: short export timeouts keep the final flush on close from retrying for long.
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
			.properties("management.opentelemetry.tracing.export.otlp.timeout=500ms",
					"management.opentelemetry.logging.export.otlp.timeout=500ms",
					"management.opentelemetry.tracing.export.timeout=500ms")
			.run(args);
	}

	@SpringBootApplication
	static class Empty {

	}

}
