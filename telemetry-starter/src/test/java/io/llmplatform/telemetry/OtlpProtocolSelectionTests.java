package io.llmplatform.telemetry;

import io.micrometer.registry.otlp.OtlpConfig;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport is chosen by one property (or {@code OTEL_EXPORTER_OTLP_PROTOCOL}), through
 * the OpenTelemetry starter's SDK configuration, in a real context.
 */
class OtlpProtocolSelectionTests {

	@Test
	void httpProtobufIsTheDefault() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(SdkTracerProvider.class).toString()).contains("OtlpHttpSpanExporter")
				.contains("localhost:4318/v1/traces");
			assertThat(context.getBean(SdkLoggerProvider.class).toString()).contains("OtlpHttpLogRecordExporter");
			assertThat(context.getBean(OtlpConfig.class).url()).isEqualTo("http://localhost:4318/v1/metrics");
		}
	}

	@Test
	void grpcIsSelectable() {
		try (ConfigurableApplicationContext context = start("--otel.exporter.otlp.protocol=grpc",
				"--otel.exporter.otlp.endpoint=http://127.0.0.1:4317")) {
			assertThat(context.getBean(SdkTracerProvider.class).toString()).contains("OtlpGrpcSpanExporter")
				.contains("127.0.0.1:4317");
			assertThat(context.getBean(SdkLoggerProvider.class).toString()).contains("OtlpGrpcLogRecordExporter");
			assertThat(context.getBean(OtlpConfig.class).url()).isEqualTo("http://127.0.0.1:4318/v1/metrics");
		}
	}

	@Test
	void theStartersOlderPropertiesStillSelectIt() {
		try (ConfigurableApplicationContext context = start("--platform.telemetry.otlp.protocol=grpc",
				"--platform.telemetry.otlp.endpoint=http://127.0.0.1:4317")) {
			assertThat(context.getBean(SdkTracerProvider.class).toString()).contains("OtlpGrpcSpanExporter")
				.contains("127.0.0.1:4317");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		// Nothing listens: short export timeouts keep the final flush on close from retrying for long.
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
			.properties("otel.exporter.otlp.timeout=500", "otel.bsp.export.timeout=500")
			.run(args);
	}

	@SpringBootApplication
	static class Empty {

	}

}
