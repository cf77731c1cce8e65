package io.llmplatform.telemetry.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.registry.otlp.OtlpConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;

import org.springframework.core.env.Environment;

/**
 * Micrometer's OTLP registry configured from what the OpenTelemetry SDK was configured with,
 * so that metrics go where traces and logs go and carry the same resource: the endpoint and
 * headers of {@code otel.exporter.otlp.*} ({@code OTEL_EXPORTER_OTLP_*}), the interval of
 * {@code otel.metric.export.interval} and the SDK's resource. Micrometer's own
 * {@code management.otlp.metrics.export.*} keys still win where they are set.
 * Internal: not a stable API.
 */
public class OpenTelemetryOtlpMetricsConfig implements OtlpConfig {

	private static final String PREFIX = "management.otlp.metrics.export";

	private final Environment environment;

	private final ConfigProperties otel;

	private final Resource resource;

	private final Duration defaultStep;

	public OpenTelemetryOtlpMetricsConfig(Environment environment, ConfigProperties otel, Resource resource,
			Duration defaultStep) {
		this.environment = environment;
		this.otel = otel;
		this.resource = resource;
		this.defaultStep = defaultStep;
	}

	@Override
	public String prefix() {
		return PREFIX;
	}

	@Override
	public String get(String key) {
		return this.environment.getProperty(key);
	}

	@Override
	public String url() {
		String url = this.environment.getProperty(PREFIX + ".url");
		return (url != null) ? url : OtlpEndpoints.metrics(this.otel);
	}

	@Override
	public Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>(this.otel.getMap("otel.exporter.otlp.headers"));
		headers.putAll(this.otel.getMap("otel.exporter.otlp.metrics.headers"));
		return headers;
	}

	@Override
	public Map<String, String> resourceAttributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		// telemetry.sdk.* names the SDK that writes the data: Micrometer sets its own.
		this.resource.getAttributes().forEach((key, value) -> {
			if (!key.getKey().startsWith("telemetry.sdk.")) {
				attributes.put(key.getKey(), String.valueOf(value));
			}
		});
		return attributes;
	}

	@Override
	public Duration step() {
		Duration step = this.environment.getProperty(PREFIX + ".step", Duration.class);
		if (step != null) {
			return step;
		}
		return this.otel.getDuration("otel.metric.export.interval", this.defaultStep);
	}

	@Override
	public TimeUnit baseTimeUnit() {
		TimeUnit unit = this.environment.getProperty(PREFIX + ".base-time-unit", TimeUnit.class);
		return (unit != null) ? unit : TimeUnit.SECONDS;
	}

}
