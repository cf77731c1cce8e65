package io.llmplatform.telemetry.autoconfigure;

import java.time.Duration;

import io.llmplatform.telemetry.export.DropCountingLogRecordExporter;
import io.llmplatform.telemetry.export.DropCountingMetricsSender;
import io.llmplatform.telemetry.export.DropCountingSpanExporter;
import io.llmplatform.telemetry.export.DroppedTelemetry;
import io.llmplatform.telemetry.tracing.TypedMetricAttributesSender;
import io.llmplatform.telemetry.export.QueueDropsMeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessorBuilder;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps a failing telemetry backend from going unnoticed: every exporter is wrapped so that
 * what it could not deliver is counted in {@code telemetry.export.dropped} and reported in a
 * rate-limited warning.
 */
@AutoConfiguration(before = { OtlpMetricsExportAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
		OpenTelemetryLoggingAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, SpanExporter.class })
public final class TelemetryExportAutoConfiguration {

	/** Least time between two warnings about drops of one signal. */
	static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

	TelemetryExportAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DroppedTelemetry droppedTelemetry(ObjectProvider<MeterRegistry> meterRegistry) {
		return new DroppedTelemetry(meterRegistry::getIfAvailable, WARN_INTERVAL);
	}

	/**
	 * Gives Spring Boot's batch span processor somewhere to report queue-full drops. Only when
	 * there is no other OpenTelemetry meter provider, which the processor would then use.
	 */
	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	QueueDropsMeterProvider queueDropsMeterProvider(DroppedTelemetry droppedTelemetry) {
		return new QueueDropsMeterProvider(droppedTelemetry);
	}

	@Bean
	static BeanPostProcessor dropCountingExporters(ObjectProvider<DroppedTelemetry> droppedTelemetry) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SpanExporter exporter && !(bean instanceof DropCountingSpanExporter)) {
					return new DropCountingSpanExporter(exporter, droppedTelemetry.getObject());
				}
				if (bean instanceof LogRecordExporter exporter && !(bean instanceof DropCountingLogRecordExporter)) {
					return new DropCountingLogRecordExporter(exporter, droppedTelemetry.getObject());
				}
				return bean;
			}

		};
	}

	/**
	 * Spring Boot's log record processor, the same but for the meter provider that lets its
	 * queue-full drops be counted (Boot's span processor takes one, its log processor does not).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(BatchLogRecordProcessor.class)
	static class Logs {

		@Bean
		@ConditionalOnMissingBean
		BatchLogRecordProcessor openTelemetryBatchLogRecordProcessor(ObjectProvider<LogRecordExporter> exporters,
				ObjectProvider<MeterProvider> meterProvider) {
			BatchLogRecordProcessorBuilder builder = BatchLogRecordProcessor
				.builder(LogRecordExporter.composite(exporters.orderedStream().toList()));
			meterProvider.ifAvailable(builder::setMeterProvider);
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpMetricsSender.class)
	static class Metrics {

		/** Same bounds as Micrometer's default sender; a hung receiver holds only the publishing thread. */
		private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

		private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

		@Bean
		@ConditionalOnMissingBean
		OtlpMetricsSender dropCountingOtlpMetricsSender(DroppedTelemetry droppedTelemetry) {
			return new TypedMetricAttributesSender(new DropCountingMetricsSender(
					new OtlpHttpMetricsSender(new HttpUrlConnectionSender(CONNECT_TIMEOUT, READ_TIMEOUT)),
					droppedTelemetry));
		}

	}

}
