package io.llmplatform.telemetry.internal;

import org.springframework.core.env.Environment;

/**
 * The service name as the OpenTelemetry resource will carry it, for the places that need it
 * before the SDK exists (log lines). Same precedence as the SDK's resource:
 * {@code otel.service.name} ({@code OTEL_SERVICE_NAME}), then {@code service.name} in
 * {@code otel.resource.attributes} ({@code OTEL_RESOURCE_ATTRIBUTES}), then
 * {@code spring.application.name}. Internal: not a stable API.
 */
public final class ServiceIdentity {

	private ServiceIdentity() {
	}

	public static String serviceName(Environment environment) {
		String fromName = environment.getProperty("otel.service.name");
		if (fromName != null && !fromName.isBlank()) {
			return fromName.trim();
		}
		String attributes = environment.getProperty("otel.resource.attributes", "");
		for (String pair : attributes.split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().equals("service.name")) {
				return pair.substring(equals + 1).trim();
			}
		}
		return environment.getProperty("spring.application.name", "unknown_service");
	}

}
