package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metric side of the telemetry contract: histogram buckets of the catalogue's
 * instruments, and the resource's identity as labels on the Prometheus scrape so that a
 * series is named and labelled alike whether it was scraped or travelled over OTLP.
 */
@AutoConfiguration(after = OpenTelemetrySdkAutoConfiguration.class)
@ConditionalOnClass(MeterFilter.class)
@EnableConfigurationProperties(TelemetryProperties.class)
public final class TelemetryAutoConfiguration {

	TelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformTelemetryHistogramBuckets")
	MeterFilter platformTelemetryHistogramBuckets() {
		return TelemetryCatalogue.histogramBuckets();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PrometheusMeterRegistry.class)
	@ConditionalOnBean(Resource.class)
	static class PrometheusResourceLabels {

		/** Resource attributes copied onto every scraped series (OTLP carries them as the resource). */
		static final String[] LABELLED_ATTRIBUTES = { "service.name", "service.namespace", "team" };

		@Bean
		MeterRegistryCustomizer<PrometheusMeterRegistry> platformTelemetryPrometheusResourceLabels(Resource resource) {
			Tags tags = Tags.empty();
			for (String attribute : LABELLED_ATTRIBUTES) {
				String value = resource.getAttribute(AttributeKey.stringKey(attribute));
				if (value != null) {
					tags = tags.and(attribute, value);
				}
			}
			Tags resourceTags = tags;
			return (registry) -> registry.config().commonTags(resourceTags);
		}

	}

}
