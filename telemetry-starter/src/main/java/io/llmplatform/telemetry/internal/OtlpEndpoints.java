package io.llmplatform.telemetry.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * The metrics URL for Micrometer's OTLP registry, resolved from the same {@code otel.*}
 * configuration the SDK's exporters read, the way the OpenTelemetry specification resolves
 * it: a signal-specific endpoint is used as is, a base endpoint gets {@code /v1/metrics}.
 * Internal: not a stable API.
 */
final class OtlpEndpoints {

	static final String DEFAULT_HTTP = "http://localhost:4318";

	private OtlpEndpoints() {
	}

	/**
	 * Micrometer's OTLP registry speaks http/protobuf only, so with gRPC selected the metrics
	 * go to the receiver's HTTP port (4318) of the same host.
	 */
	static String metrics(ConfigProperties config) {
		String specific = config.getString("otel.exporter.otlp.metrics.endpoint");
		if (specific != null && !specific.isBlank()) {
			return specific;
		}
		String base = config.getString("otel.exporter.otlp.endpoint");
		if (base == null || base.isBlank()) {
			return DEFAULT_HTTP + "/v1/metrics";
		}
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		String protocol = config.getString("otel.exporter.otlp.metrics.protocol",
				config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
		if ("grpc".equals(protocol)) {
			base = base.replaceFirst(":4317$", ":4318");
		}
		return base + "/v1/metrics";
	}

}
