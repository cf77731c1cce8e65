package io.llmplatform.telemetry.autoconfigure;

import java.time.Duration;

import io.llmplatform.telemetry.export.DroppedTelemetry;
import io.llmplatform.telemetry.export.SdkProcessorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps a failing telemetry backend from going unnoticed: what the SDK's batch processors
 * lose (a full queue, a failed or timed-out export), as the SDK's own metrics count it, is
 * served as {@code telemetry.export.dropped} and reported in a rate-limited warning.
 */
@AutoConfiguration(beforeName = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration")
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
	DroppedTelemetry droppedTelemetry(SdkProcessorMetrics sdkProcessorMetrics) {
		return new DroppedTelemetry(sdkProcessorMetrics, WARN_INTERVAL);
	}

}
