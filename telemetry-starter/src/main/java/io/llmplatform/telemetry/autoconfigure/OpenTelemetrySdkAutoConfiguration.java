package io.llmplatform.telemetry.autoconfigure;

import java.time.Duration;

import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.internal.FixedLogLimits;
import io.llmplatform.telemetry.internal.OpenTelemetryOtlpMetricsConfig;
import io.llmplatform.telemetry.internal.PlatformResourceProvider;
import io.llmplatform.telemetry.internal.SdkResourceCapture;
import io.micrometer.registry.otlp.OtlpConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * One OpenTelemetry SDK per process: the one the OpenTelemetry Spring Boot starter builds
 * from {@code OTEL_*} / {@code otel.*}. Its tracer and logger providers and its resource are
 * made beans, so that Spring Boot's OpenTelemetry auto-configurations (which build an SDK of
 * their own when these are missing) use them: Micrometer Observation's spans go through the
 * same tracer provider, and Micrometer's OTLP registry exports with the same endpoint and
 * resource.
 */
@AutoConfiguration(afterName = "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration",
		beforeName = { "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
				"org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration" })
@ConditionalOnClass({ AutoConfiguredOpenTelemetrySdk.class, OpenTelemetrySdk.class })
@EnableConfigurationProperties(TelemetryProperties.class)
public final class OpenTelemetrySdkAutoConfiguration {

	/**
	 * Beans of Spring Boot's own OpenTelemetry pipeline that would run beside the starter's SDK:
	 * batch processors whose queues no tracer or logger provider would ever fill.
	 */
	static final String[] BOOT_PIPELINE_BEANS = { "otelSpanProcessor", "openTelemetryBatchLogRecordProcessor" };

	OpenTelemetrySdkAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformTelemetryResourceProvider")
	ResourceProvider platformTelemetryResourceProvider(TelemetryProperties properties, Environment environment) {
		return new PlatformResourceProvider(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	SdkResourceCapture platformTelemetrySdkResourceCapture() {
		return new SdkResourceCapture();
	}

	@Bean
	@ConditionalOnMissingBean
	FixedLogLimits platformTelemetryFixedLogLimits() {
		return new FixedLogLimits();
	}

	/** Where the OpenTelemetry starter builds its SDK ({@code otel.sdk.disabled} is its switch too). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "otel.sdk.disabled", havingValue = false, matchIfMissing = true)
	static class StarterSdk {

		@Bean
		@ConditionalOnMissingBean
		Resource openTelemetryResource(AutoConfiguredOpenTelemetrySdk sdk, SdkResourceCapture capture) {
			sdk.getOpenTelemetrySdk();
			return capture.resource();
		}

		/** Closed with the SDK (the starter's {@code OpenTelemetry} bean), not on its own. */
		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		SdkTracerProvider openTelemetrySdkTracerProvider(AutoConfiguredOpenTelemetrySdk sdk) {
			return sdk.getOpenTelemetrySdk().getSdkTracerProvider();
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		SdkLoggerProvider openTelemetrySdkLoggerProvider(AutoConfiguredOpenTelemetrySdk sdk) {
			return sdk.getOpenTelemetrySdk().getSdkLoggerProvider();
		}

		@Bean
		static BeanDefinitionRegistryPostProcessor platformTelemetryBootPipelineRemover() {
			return new BeanDefinitionRegistryPostProcessor() {

				@Override
				public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
					for (String name : BOOT_PIPELINE_BEANS) {
						if (registry.containsBeanDefinition(name)) {
							registry.removeBeanDefinition(name);
						}
					}
				}

			};
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(OtlpConfig.class)
		static class OtlpMetrics {

			@Bean
			@ConditionalOnMissingBean
			OtlpConfig platformTelemetryOtlpConfig(Environment environment, ConfigProperties otelProperties,
					Resource resource, TelemetryProperties properties) {
				Duration step = properties.getMetrics().getStep();
				return new OpenTelemetryOtlpMetricsConfig(environment, otelProperties, resource, step);
			}

		}

	}

}
