package io.llmplatform.telemetry.internal;

import java.util.Map;

import io.llmplatform.telemetry.TelemetryProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class TelemetryEnvironmentPostProcessorTests {

	@Test
	void defaultsTurnOffTheStarterInstrumentationsThatDoubleSpringsObservations() {
		Map<String, Object> defaults = TelemetryEnvironmentPostProcessor.derivedDefaults(new TelemetryProperties(),
				false);
		assertThat(defaults).contains(entry("otel.instrumentation.spring-webmvc.enabled", false),
				entry("otel.instrumentation.spring-webflux.enabled", false),
				entry("otel.instrumentation.spring-web.enabled", false),
				entry("otel.instrumentation.micrometer.enabled", false),
				entry("otel.instrumentation.runtime-telemetry.enabled", false),
				entry("otel.metrics.exporter", "none"), entry("otel.experimental.sdk.telemetry.version", "latest"),
				entry("otel.traces.sampler", "parentbased_traceidratio"), entry("otel.traces.sampler.arg", 1.0),
				entry("management.otlp.metrics.export.base-time-unit", "seconds"),
				entry("management.tracing.baggage.remote-fields[0]", "correlation_id"),
				entry("logging.structured.format.console", JsonLogFormatter.class.getName()));
		assertThat(defaults).doesNotContainKeys("otel.exporter.otlp.endpoint", "otel.sdk.disabled",
				"management.otlp.metrics.export.enabled");
	}

	@Test
	void platformOtlpPropertiesAreDefaultsOfTheOtelOnes() {
		TelemetryProperties properties = new TelemetryProperties();
		properties.getOtlp().setProtocol(TelemetryProperties.Protocol.GRPC);
		properties.getOtlp().setEndpoint("http://collector:4317");
		properties.getOtlp().setMetricsEndpoint("http://mimir/otlp/v1/metrics");
		properties.getOtlp().getHeaders().put("Authorization", "Bearer x");
		properties.getSampling().setProbability(0.25);
		properties.getLogging().setOtlp(false);
		assertThat(TelemetryEnvironmentPostProcessor.derivedDefaults(properties, false)).contains(
				entry("otel.exporter.otlp.endpoint", "http://collector:4317"),
				entry("otel.exporter.otlp.metrics.endpoint", "http://mimir/otlp/v1/metrics"),
				entry("otel.exporter.otlp.protocol", "grpc"),
				entry("otel.exporter.otlp.headers", "Authorization=Bearer x"), entry("otel.traces.sampler.arg", 0.25),
				entry("otel.logs.exporter", "none"));
	}

	@Test
	void disabledExportTurnsTheSdkAndTheMetricRegistryOff() {
		TelemetryProperties properties = new TelemetryProperties();
		properties.getOtlp().setEnabled(false);
		assertThat(TelemetryEnvironmentPostProcessor.derivedDefaults(properties, false)).contains(
				entry("otel.sdk.disabled", true), entry("management.otlp.metrics.export.enabled", false));
		assertThat(TelemetryEnvironmentPostProcessor.derivedDefaults(new TelemetryProperties(), true))
			.contains(entry("management.otlp.metrics.export.enabled", false));
	}

}
