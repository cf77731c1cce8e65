package io.llmplatform.telemetry.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import io.llmplatform.telemetry.TelemetryProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Translates the standard {@code OTEL_*} environment variables of the OpenTelemetry SDK
 * specification into {@code platform.telemetry.*} properties, so that a service configured
 * the OpenTelemetry way behaves as one configured the Spring way.
 * <p>
 * {@code OTEL_SERVICE_NAME} and the rest of {@code OTEL_RESOURCE_ATTRIBUTES} are read by
 * Spring Boot itself when it builds the resource; only the attributes the starter owns are
 * mapped here. Internal: not a stable API.
 */
public final class OtelEnvironmentVariables {

	private static final Log logger = LogFactory.getLog(OtelEnvironmentVariables.class);

	private static final String PREFIX = TelemetryProperties.PREFIX + ".";

	private OtelEnvironmentVariables() {
	}

	/**
	 * Maps the {@code OTEL_*} variables found in {@code env} to starter properties.
	 * @param env the process environment
	 * @return the properties, empty when no variable is set
	 */
	public static Map<String, Object> toProperties(Map<String, String> env) {
		Map<String, Object> properties = new LinkedHashMap<>();
		BiConsumer<String, Object> put = (name, value) -> properties.put(PREFIX + name, value);
		if ("true".equalsIgnoreCase(trimmed(env.get("OTEL_SDK_DISABLED")))) {
			put.accept("otlp.enabled", false);
		}
		putIfSet(env, "OTEL_EXPORTER_OTLP_ENDPOINT", "otlp.endpoint", put);
		putIfSet(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "otlp.traces-endpoint", put);
		putIfSet(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "otlp.metrics-endpoint", put);
		putIfSet(env, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "otlp.logs-endpoint", put);
		String protocol = trimmed(env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
		if (protocol != null) {
			put.accept("otlp.protocol", protocol(protocol).name());
		}
		parsePairs(env.get("OTEL_EXPORTER_OTLP_HEADERS"))
			.forEach((key, value) -> put.accept("otlp.headers[" + key + "]", value));
		Double probability = samplingProbability(trimmed(env.get("OTEL_TRACES_SAMPLER")),
				trimmed(env.get("OTEL_TRACES_SAMPLER_ARG")));
		if (probability != null) {
			put.accept("sampling.probability", probability);
		}
		String interval = trimmed(env.get("OTEL_METRIC_EXPORT_INTERVAL"));
		if (interval != null) {
			put.accept("metrics.step", Duration.ofMillis(Long.parseLong(interval)).toString());
		}
		Map<String, String> resource = parsePairs(env.get("OTEL_RESOURCE_ATTRIBUTES"));
		putIfPresent(resource, "team", "team", put);
		putIfPresent(resource, "service.namespace", "namespace", put);
		putIfPresent(resource, "deployment.environment.name", "environment", put);
		return properties;
	}

	/**
	 * Parses a {@code key=value,key=value} list as the specification defines it for
	 * {@code OTEL_RESOURCE_ATTRIBUTES} and {@code OTEL_EXPORTER_OTLP_HEADERS} (values are
	 * percent-decoded).
	 * @param value the raw variable, may be {@code null}
	 * @return the pairs in order
	 */
	public static Map<String, String> parsePairs(String value) {
		Map<String, String> pairs = new LinkedHashMap<>();
		if (value == null) {
			return pairs;
		}
		for (String pair : value.split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				String key = pair.substring(0, equals).trim();
				String raw = pair.substring(equals + 1).trim();
				pairs.put(key, URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
			}
		}
		return pairs;
	}

	static TelemetryProperties.Protocol protocol(String value) {
		switch (value.toLowerCase(Locale.ROOT)) {
			case "grpc":
				return TelemetryProperties.Protocol.GRPC;
			case "http/protobuf":
				return TelemetryProperties.Protocol.HTTP_PROTOBUF;
			default:
				logger.warn("OTEL_EXPORTER_OTLP_PROTOCOL=" + value + " is not supported; using http/protobuf");
				return TelemetryProperties.Protocol.HTTP_PROTOBUF;
		}
	}

	static Double samplingProbability(String sampler, String argument) {
		if (sampler == null) {
			return null;
		}
		switch (sampler.toLowerCase(Locale.ROOT)) {
			case "always_on":
			case "parentbased_always_on":
				return 1.0;
			case "always_off":
			case "parentbased_always_off":
				return 0.0;
			case "traceidratio":
			case "parentbased_traceidratio":
				return (argument != null) ? Double.parseDouble(argument) : 1.0;
			default:
				logger.warn("OTEL_TRACES_SAMPLER=" + sampler
						+ " is not supported; the parent-based ratio sampler is used");
				return null;
		}
	}

	private static void putIfSet(Map<String, String> env, String variable, String property,
			BiConsumer<String, Object> put) {
		String value = trimmed(env.get(variable));
		if (value != null) {
			put.accept(property, value);
		}
	}

	private static void putIfPresent(Map<String, String> resource, String attribute, String property,
			BiConsumer<String, Object> put) {
		String value = resource.get(attribute);
		if (value != null && !value.isEmpty()) {
			put.accept(property, value);
		}
	}

	private static String trimmed(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
