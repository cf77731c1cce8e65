package io.llmplatform.telemetry.internal;

import io.llmplatform.telemetry.TelemetryProperties;

import org.springframework.core.env.Environment;

/**
 * The service name and team as the OpenTelemetry resource will carry them, for the places
 * that need them before the SDK exists (log lines). Same precedence as the SDK's resource:
 * {@code otel.service.name} ({@code OTEL_SERVICE_NAME}), then the attribute in
 * {@code otel.resource.attributes} ({@code OTEL_RESOURCE_ATTRIBUTES}), then the Spring
 * property. Internal: not a stable API.
 */
public final class ServiceIdentity {

	private ServiceIdentity() {
	}

	public static String serviceName(Environment environment) {
		String fromName = environment.getProperty("otel.service.name");
		if (fromName != null && !fromName.isBlank()) {
			return fromName.trim();
		}
		String fromAttributes = resourceAttribute(environment, "service.name");
		return (fromAttributes != null) ? fromAttributes
				: environment.getProperty("spring.application.name", "unknown_service");
	}

	public static String team(Environment environment) {
		String fromAttributes = resourceAttribute(environment, "team");
		return (fromAttributes != null) ? fromAttributes : environment.getProperty(TelemetryProperties.PREFIX + ".team");
	}

	private static String resourceAttribute(Environment environment, String key) {
		for (String pair : environment.getProperty("otel.resource.attributes", "").split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().equals(key)) {
				return pair.substring(equals + 1).trim();
			}
		}
		return null;
	}

}
