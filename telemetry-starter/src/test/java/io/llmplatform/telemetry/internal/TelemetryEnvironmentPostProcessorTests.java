package io.llmplatform.telemetry.internal;

import java.util.Map;

import io.llmplatform.telemetry.TelemetryProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class TelemetryEnvironmentPostProcessorTests {

	private static final String TRACES = "management.opentelemetry.tracing.export.otlp.endpoint";

	private static final String LOGS = "management.opentelemetry.logging.export.otlp.endpoint";

	private static final String METRICS = "management.otlp.metrics.export.url";

	@Test
	void defaultsExportEverySignalOverHttpToLocalhost() {
		Map<String, Object> defaults = derive(new TelemetryProperties(), Map.of());
		assertThat(defaults).contains(entry(TRACES, "http://localhost:4318/v1/traces"),
				entry(LOGS, "http://localhost:4318/v1/logs"), entry(METRICS, "http://localhost:4318/v1/metrics"),
				entry("management.opentelemetry.tracing.export.otlp.transport", "http"),
				entry("management.otlp.metrics.export.base-time-unit", "seconds"),
				entry("management.tracing.sampling.probability", 1.0),
				entry("management.tracing.baggage.remote-fields[0]", "correlation_id"),
				entry("management.opentelemetry.resource-attributes[service.namespace]", "platform"),
				entry("management.opentelemetry.resource-attributes[deployment.environment.name]", "dev"),
				entry("logging.structured.format.console", JsonLogFormatter.class.getName()));
		assertThat(defaults).doesNotContainKey("management.opentelemetry.resource-attributes[team]");
	}

	@Test
	void grpcUsesTheBaseEndpointAndSendsMetricsToTheHttpPort() {
		TelemetryProperties properties = new TelemetryProperties();
		properties.getOtlp().setProtocol(TelemetryProperties.Protocol.GRPC);
		properties.getOtlp().setEndpoint("http://collector:4317/");
		assertThat(derive(properties, Map.of())).contains(entry(TRACES, "http://collector:4317"),
				entry(LOGS, "http://collector:4317"), entry(METRICS, "http://collector:4318/v1/metrics"),
				entry("management.opentelemetry.tracing.export.otlp.transport", "grpc"));
		properties.getOtlp().setEndpoint(null);
		assertThat(derive(properties, Map.of())).contains(entry(TRACES, "http://localhost:4317"));
	}

	@Test
	void signalEndpointsHeadersAndTeamAreUsedAsGiven() {
		TelemetryProperties properties = new TelemetryProperties();
		properties.setTeam("quant");
		properties.getOtlp().setMetricsEndpoint("http://mimir/otlp/v1/metrics");
		properties.getOtlp().getHeaders().put("Authorization", "Bearer x");
		assertThat(derive(properties, Map.of("K8S_POD_NAME", "quant-1"))).contains(
				entry(METRICS, "http://mimir/otlp/v1/metrics"),
				entry("management.otlp.metrics.export.headers[Authorization]", "Bearer x"),
				entry("management.opentelemetry.tracing.export.otlp.headers[Authorization]", "Bearer x"),
				entry("management.opentelemetry.resource-attributes[team]", "quant"),
				entry("management.opentelemetry.resource-attributes[service.namespace]", "quant"),
				entry("management.opentelemetry.resource-attributes[k8s.pod.name]", "quant-1"));
	}

	@Test
	void resourceAttributesFromTheOtelVariableAreLeftToBoot() {
		Map<String, Object> defaults = derive(new TelemetryProperties(),
				Map.of("K8S_POD_NAME", "from-downward-api", "OTEL_RESOURCE_ATTRIBUTES", "k8s.pod.name=from-otel"));
		assertThat(defaults).doesNotContainKey("management.opentelemetry.resource-attributes[k8s.pod.name]");
	}

	@Test
	void disabledExportTurnsEverySignalOff() {
		TelemetryProperties properties = new TelemetryProperties();
		properties.getOtlp().setEnabled(false);
		assertThat(derive(properties, Map.of())).contains(entry("management.tracing.export.enabled", false),
				entry("management.otlp.metrics.export.enabled", false),
				entry("management.logging.export.enabled", false))
			.doesNotContainKey(TRACES);
	}

	@Test
	void explicitBootPropertiesWinOverDerivedOnes() {
		MockEnvironment environment = new MockEnvironment().withProperty(TRACES, "http://explicit/v1/traces")
			.withProperty("platform.telemetry.otlp.endpoint", "http://derived:4318");
		new TelemetryEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TRACES)).isEqualTo("http://explicit/v1/traces");
		assertThat(environment.getProperty(LOGS)).isEqualTo("http://derived:4318/v1/logs");
	}

	private static Map<String, Object> derive(TelemetryProperties properties, Map<String, String> env) {
		return TelemetryEnvironmentPostProcessor.derivedDefaults(properties, env);
	}

}
