package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.genai.GenAiClientObservationConvention;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.genai.GenAiMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@link GenAiTelemetry} API for declaring model calls, and the handler that turns
 * them into {@code gen_ai.client.*} metrics.
 */
@AutoConfiguration(after = { ObservationAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@EnableConfigurationProperties(TelemetryProperties.class)
public final class GenAiTelemetryAutoConfiguration {

	GenAiTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	GenAiTelemetry genAiTelemetry(ObservationRegistry observationRegistry,
			ObjectProvider<GenAiClientObservationConvention> convention, TelemetryProperties properties) {
		return new GenAiTelemetry(observationRegistry, convention.getIfUnique(),
				properties.getGenAi().isCaptureContent());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MeterRegistry.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	GenAiMeterObservationHandler genAiMeterObservationHandler(MeterRegistry meterRegistry) {
		return new GenAiMeterObservationHandler(meterRegistry);
	}

}
