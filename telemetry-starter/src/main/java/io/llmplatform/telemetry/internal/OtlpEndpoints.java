package io.llmplatform.telemetry.internal;

import io.llmplatform.telemetry.TelemetryProperties.Otlp;
import io.llmplatform.telemetry.TelemetryProperties.Protocol;

/**
 * Resolves the per-signal OTLP URLs the way the OpenTelemetry specification does: a base
 * endpoint gets {@code /v1/<signal>} appended for http/protobuf, a signal-specific endpoint
 * is used as is. Internal: not a stable API.
 */
final class OtlpEndpoints {

	static final String DEFAULT_HTTP = "http://localhost:4318";

	static final String DEFAULT_GRPC = "http://localhost:4317";

	private OtlpEndpoints() {
	}

	static String traces(Otlp otlp) {
		return signal(otlp, otlp.getTracesEndpoint(), "traces");
	}

	static String logs(Otlp otlp) {
		return signal(otlp, otlp.getLogsEndpoint(), "logs");
	}

	/**
	 * Micrometer's OTLP registry speaks http/protobuf only, so with gRPC selected the
	 * metrics go to the receiver's HTTP port (4318) of the same host.
	 */
	static String metrics(Otlp otlp) {
		if (otlp.getMetricsEndpoint() != null) {
			return otlp.getMetricsEndpoint();
		}
		String base = base(otlp);
		if (otlp.getProtocol() == Protocol.GRPC) {
			base = base.replaceFirst(":4317$", ":4318");
		}
		return base + "/v1/metrics";
	}

	private static String signal(Otlp otlp, String specific, String signal) {
		if (specific != null) {
			return specific;
		}
		String base = base(otlp);
		return (otlp.getProtocol() == Protocol.GRPC) ? base : base + "/v1/" + signal;
	}

	private static String base(Otlp otlp) {
		String endpoint = otlp.getEndpoint();
		if (endpoint == null || endpoint.isBlank()) {
			endpoint = (otlp.getProtocol() == Protocol.GRPC) ? DEFAULT_GRPC : DEFAULT_HTTP;
		}
		return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
	}

}
