package io.llmplatform.telemetry.internal;

import org.springframework.core.env.Environment;

/**
 * The service name as the OpenTelemetry resource will carry it, for the places that need it
 * before the SDK exists (log lines). Same precedence as Spring Boot's resource:
 * {@code OTEL_SERVICE_NAME}, then {@code service.name} in the resource attributes, then
 * {@code spring.application.name}. Internal: not a stable API.
 */
public final class ServiceIdentity {

	private ServiceIdentity() {
	}

	public static String serviceName(Environment environment) {
		String fromVariable = System.getenv("OTEL_SERVICE_NAME");
		if (fromVariable != null && !fromVariable.isBlank()) {
			return fromVariable;
		}
		String fromAttributes = environment.getProperty("management.opentelemetry.resource-attributes.service.name");
		if (fromAttributes == null) {
			fromAttributes = OtelEnvironmentVariables.parsePairs(System.getenv("OTEL_RESOURCE_ATTRIBUTES"))
				.get("service.name");
		}
		if (fromAttributes != null && !fromAttributes.isBlank()) {
			return fromAttributes;
		}
		return environment.getProperty("spring.application.name", "unknown_service");
	}

}
