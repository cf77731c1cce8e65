package io.llmplatform.telemetry.autoconfigure;

import java.time.Duration;

import io.llmplatform.telemetry.export.DroppedTelemetry;
import io.llmplatform.telemetry.export.LostTelemetryCounter;
import io.llmplatform.telemetry.export.MetricPushFailures;
import io.llmplatform.telemetry.export.SdkProcessorMetrics;
import io.llmplatform.telemetry.internal.TelemetryEnvironmentPostProcessor;
import io.llmplatform.telemetry.tracing.TypedMetricAttributesSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Keeps a failing telemetry backend from going unnoticed: what the SDK's batch processors
 * lose (a full queue, a failed or timed-out export), as the SDK's own metrics count it, and
 * the data points of the OTLP metric pushes that failed are served as
 * {@code telemetry.export.dropped} and reported in a rate-limited warning. Metrics leave
 * through Micrometer's OTLP registry with typed attributes.
 */
@AutoConfiguration(before = OtlpMetricsExportAutoConfiguration.class,
		beforeName = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, SdkMeterProvider.class, AutoConfigurationCustomizerProvider.class })
public final class TelemetryExportAutoConfiguration {

	/** Least time between two warnings about drops of one signal. */
	static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

	TelemetryExportAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SdkProcessorMetrics sdkProcessorMetrics() {
		return new SdkProcessorMetrics();
	}

	/** Registers the reader on the meter provider of the SDK the OpenTelemetry starter builds. */
	@Bean
	AutoConfigurationCustomizerProvider platformTelemetrySdkProcessorMetrics(SdkProcessorMetrics sdkProcessorMetrics) {
		return (customizer) -> customizer
			.addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(sdkProcessorMetrics));
	}

	@Bean
	@ConditionalOnMissingBean
	DroppedTelemetry droppedTelemetry(ObjectProvider<LostTelemetryCounter> counters) {
		return new DroppedTelemetry(counters.orderedStream().toList(), WARN_INTERVAL);
	}

	/**
	 * Micrometer's OTLP sender, with the data-point attributes of each export typed as the span
	 * attributes are ({@code SpanAttributeTypes}) and its failures counted, not logged per step.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpMetricsSender.class)
	static class Metrics {

		/** Same bounds as Micrometer's default sender; a hung receiver holds only the publishing thread. */
		private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

		private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

		@Bean
		@ConditionalOnMissingBean(OtlpMetricsSender.class)
		MetricPushFailures typedOtlpMetricsSender() {
			return new MetricPushFailures(new TypedMetricAttributesSender(
					new OtlpHttpMetricsSender(new HttpUrlConnectionSender(CONNECT_TIMEOUT, READ_TIMEOUT))));
		}

		/**
		 * An OTLP registry whose push is switched off keeps no meters. Boot makes none then, but a bean graph that
		 * Spring AOT decided in the build (the gateway's pods start on one) has the registry whatever the start says;
		 * with the push off (the pods: metrics are scraped), it would still record every measurement, unpublished.
		 * Decided at start, from the environment, for the same reason.
		 */
		@Bean
		MeterRegistryCustomizer<OtlpMeterRegistry> platformTelemetryIdleOtlpRegistry(Environment environment) {
			return (registry) -> {
				if (!environment.getProperty(TelemetryEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED,
						Boolean.class, true)) {
					registry.config().meterFilter(MeterFilter.deny());
				}
			};
		}

	}

}
