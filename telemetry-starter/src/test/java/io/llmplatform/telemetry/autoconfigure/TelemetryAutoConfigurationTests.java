package io.llmplatform.telemetry.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=checkout", "management.opentelemetry.resource-attributes.team=eval",
				"management.opentelemetry.resource-attributes.service.namespace=eval")
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, TelemetryAutoConfiguration.class));

	@Test
	void catalogueHistogramsGetTheirBucketsInSeconds() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer timer = registry.timer("http.server.request.duration");
			timer.record(30, TimeUnit.MILLISECONDS);
			CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
			assertThat(buckets).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
				.containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
			assertThat(registry.timer("some.other.timer").takeSnapshot().histogramCounts()).isEmpty();
		});
	}

	@Test
	void scrapedSeriesCarryTheResourceIdentity() {
		this.contextRunner.run((context) -> {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			registry.counter("some.requests").increment();
			assertThat(registry.scrape()).contains(
					"some_requests_total{service_name=\"checkout\",service_namespace=\"eval\",team=\"eval\"} 1.0");
		});
	}

	@Test
	void withoutPrometheusOnlyTheBucketsAreConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(PrometheusMeterRegistry.class))
			.run((context) -> assertThat(context).hasBean("platformTelemetryHistogramBuckets")
				.doesNotHaveBean("platformTelemetryPrometheusResourceLabels"));
	}

	@Test
	void everyAutoConfigurationIsListedInTheImports() throws IOException {
		try (InputStream in = getClass().getResourceAsStream(
				"/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			List<String> imports = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
			assertThat(imports).containsExactlyInAnyOrder(TelemetryAutoConfiguration.class.getName(),
					WebTelemetryAutoConfiguration.class.getName(), GenAiTelemetryAutoConfiguration.class.getName(),
					io.llmplatform.telemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class.getName(),
					TelemetryExportAutoConfiguration.class.getName(),
					TracingObservationAutoConfiguration.class.getName(),
					HttpClientTelemetryAutoConfiguration.class.getName());
		}
	}

}
