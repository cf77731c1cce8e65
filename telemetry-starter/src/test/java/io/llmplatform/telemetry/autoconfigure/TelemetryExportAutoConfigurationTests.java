package io.llmplatform.telemetry.autoconfigure;

import java.time.Duration;
import java.util.Collection;

import io.llmplatform.telemetry.export.DroppedTelemetry;
import io.llmplatform.telemetry.export.MetricPushFailures;
import io.llmplatform.telemetry.export.SdkProcessorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryExportAutoConfiguration.class));

	@Test
	void providesTheReaderItsSdkCustomizerAndTheDropCounter() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SdkProcessorMetrics.class)
			.hasSingleBean(DroppedTelemetry.class)
			.hasSingleBean(AutoConfigurationCustomizerProvider.class));
	}

	@Test
	void countsTheDataPointsOfFailedMetricPushesUnderTheirOwnSignal() {
		this.contextRunner.run((context) -> {
			MetricPushFailures sender = context.getBean(MetricPushFailures.class);
			assertThat(context.getBean(OtlpMetricsSender.class)).isSameAs(sender);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(DroppedTelemetry.class).bindTo(registry);
			assertThat(registry.find("telemetry.export.dropped").functionCounters())
				.extracting((counter) -> counter.getId().getTag("signal"))
				.containsExactlyInAnyOrder("traces", "logs", "metrics");
		});
	}

	@Test
	void anApplicationsOwnMetricsSenderIsLeftAlone() {
		this.contextRunner.withBean(OtlpMetricsSender.class, () -> (request) -> {
		}).run((context) -> assertThat(context).doesNotHaveBean(MetricPushFailures.class)
			.hasSingleBean(OtlpMetricsSender.class));
	}

	@Test
	void countsWhatTheSdksBatchProcessorLost() {
		this.contextRunner.run((context) -> {
			SdkProcessorMetrics reader = context.getBean(SdkProcessorMetrics.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(DroppedTelemetry.class).bindTo(registry);
			try (SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
					SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
						.addSpanProcessor(BatchSpanProcessor.builder(new FailingExporter())
							.setMeterProvider(() -> meterProvider)
							.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
							.build())
						.build()) {
				tracerProvider.get("test").spanBuilder("one").startSpan().end();
				tracerProvider.get("test").spanBuilder("two").startSpan().end();
				tracerProvider.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(registry.get("telemetry.export.dropped").tag("signal", "traces").functionCounter().count())
					.isEqualTo(2);
				assertThat(registry.get("telemetry.export.dropped").tag("signal", "logs").functionCounter().count())
					.isZero();
			}
		});
	}

	/**
	 * Spring AOT's bean graph keeps the OTLP registry that the build's defaults chose (the gateway's): a start with
	 * the push off must not record into it.
	 */
	@Test
	void anOtlpRegistryWhosePushIsOffKeepsNoMeters() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(OtlpRegistryAsAotKeepsIt.class)
			.withPropertyValues("management.otlp.metrics.export.enabled=false")
			.run((context) -> {
				OtlpMeterRegistry registry = context.getBean(OtlpMeterRegistry.class);
				registry.timer("gateway.request.duration", "team", "quant").record(Duration.ofMillis(5));
				registry.counter("gateway.requests", "team", "quant").increment();
				assertThat(registry.getMeters()).isEmpty();
			});
	}

	@Test
	void anOtlpRegistryThatPushesKeepsItsMeters() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(OtlpRegistryAsAotKeepsIt.class)
			.run((context) -> {
				OtlpMeterRegistry registry = context.getBean(OtlpMeterRegistry.class);
				registry.counter("gateway.requests", "team", "quant").increment();
				assertThat(registry.get("gateway.requests").counter().count()).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OtlpRegistryAsAotKeepsIt {

		@Bean
		OtlpMeterRegistry otlpMeterRegistry() {
			// Its own config never starts the push, so that the test sends nothing; the starter reads the
			// environment's switch, as Boot's configuration of the registry does.
			OtlpConfig neverStarted = (key) -> "otlp.enabled".equals(key) ? "false" : null;
			return OtlpMeterRegistry.builder(neverStarted).build();
		}

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
