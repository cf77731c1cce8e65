package io.llmplatform.telemetry.autoconfigure;

import java.util.Collection;
import java.util.List;

import io.llmplatform.telemetry.export.DropCountingSpanExporter;
import io.llmplatform.telemetry.export.DroppedTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class TelemetryExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryExportAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void wrapsSpanExportersAndCountsFailedBatches() {
		this.contextRunner.withBean("failingExporter", SpanExporter.class, FailingExporter::new).run((context) -> {
			SpanExporter exporter = context.getBean(SpanExporter.class);
			assertThat(exporter).isInstanceOf(DropCountingSpanExporter.class);
			exporter.export(List.of(mock(SpanData.class), mock(SpanData.class)));
			assertThat(context.getBean(MeterRegistry.class)
				.get("telemetry.export.dropped")
				.tag("signal", "traces")
				.counter()
				.count()).isEqualTo(2);
		});
	}

	@Test
	void providesACountingMetricsSenderUnlessTheUserHasOne() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(OtlpMetricsSender.class)
			.hasSingleBean(DroppedTelemetry.class));
		this.contextRunner.withBean("userSender", OtlpMetricsSender.class, () -> (request) -> {
		}).run((context) -> assertThat(context).hasSingleBean(OtlpMetricsSender.class).hasBean("userSender"));
	}

	static class FailingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofFailure();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
