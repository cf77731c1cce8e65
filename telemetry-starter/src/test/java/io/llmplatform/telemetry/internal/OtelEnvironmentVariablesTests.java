package io.llmplatform.telemetry.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class OtelEnvironmentVariablesTests {

	@Test
	void mapsExportVariables() {
		Map<String, Object> properties = OtelEnvironmentVariables.toProperties(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
				"http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
				"http://tempo:4317", "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20abc,X-Scope=team-a"));
		assertThat(properties).contains(entry("platform.telemetry.otlp.endpoint", "http://collector:4317"),
				entry("platform.telemetry.otlp.protocol", "GRPC"),
				entry("platform.telemetry.otlp.traces-endpoint", "http://tempo:4317"),
				entry("platform.telemetry.otlp.headers[Authorization]", "Basic abc"),
				entry("platform.telemetry.otlp.headers[X-Scope]", "team-a"));
	}

	@Test
	void mapsSamplers() {
		assertThat(OtelEnvironmentVariables.samplingProbability("always_off", null)).isEqualTo(0.0);
		assertThat(OtelEnvironmentVariables.samplingProbability("parentbased_always_on", null)).isEqualTo(1.0);
		assertThat(OtelEnvironmentVariables.samplingProbability("parentbased_traceidratio", "0.25")).isEqualTo(0.25);
		assertThat(OtelEnvironmentVariables.samplingProbability("traceidratio", null)).isEqualTo(1.0);
		assertThat(OtelEnvironmentVariables.samplingProbability("jaeger_remote", null)).isNull();
	}

	@Test
	void mapsSdkDisabledIntervalAndTheStartersResourceAttributes() {
		Map<String, Object> properties = OtelEnvironmentVariables.toProperties(Map.of("OTEL_SDK_DISABLED", "TRUE",
				"OTEL_METRIC_EXPORT_INTERVAL", "1500", "OTEL_RESOURCE_ATTRIBUTES",
				"team=eval, service.namespace=llm ,deployment.environment.name=prod,host.name=h1"));
		assertThat(properties).contains(entry("platform.telemetry.otlp.enabled", false),
				entry("platform.telemetry.metrics.step", "PT1.5S"), entry("platform.telemetry.team", "eval"),
				entry("platform.telemetry.namespace", "llm"), entry("platform.telemetry.environment", "prod"));
		assertThat(properties).doesNotContainKey("platform.telemetry.host.name");
	}

	@Test
	void unsupportedProtocolFallsBackToHttpProtobuf() {
		assertThat(OtelEnvironmentVariables.toProperties(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
			.containsEntry("platform.telemetry.otlp.protocol", "HTTP_PROTOBUF");
	}

	@Test
	void noVariablesNoProperties() {
		assertThat(OtelEnvironmentVariables.toProperties(Map.of("PATH", "/usr/bin", "OTEL_SDK_DISABLED", "false")))
			.isEmpty();
	}

}
