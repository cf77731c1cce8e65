package io.llmplatform.telemetry.internal;

import java.util.Map;

import io.llmplatform.telemetry.TelemetryProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;

import org.springframework.core.env.Environment;

/**
 * The resource attributes the OpenTelemetry starter does not know of: {@code service.namespace},
 * {@code deployment.environment.name}, {@code team} and the {@code k8s.*} attributes of the
 * downward-API variables our manifests set. {@code OTEL_RESOURCE_ATTRIBUTES} still wins over
 * them, as the SDK merges it last. Internal: not a stable API.
 */
public class PlatformResourceProvider implements ResourceProvider {

	/** Downward-API variables (set in our Kubernetes manifests) and the resource attribute each becomes. */
	static final Map<String, String> KUBERNETES_VARIABLES = Map.of("K8S_POD_NAME", "k8s.pod.name", "K8S_POD_UID",
			"k8s.pod.uid", "K8S_NAMESPACE_NAME", "k8s.namespace.name", "K8S_NODE_NAME", "k8s.node.name",
			"K8S_CONTAINER_NAME", "k8s.container.name", "K8S_DEPLOYMENT_NAME", "k8s.deployment.name");

	private final TelemetryProperties properties;

	private final Environment environment;

	public PlatformResourceProvider(TelemetryProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public Resource createResource(ConfigProperties config) {
		// A team named in OTEL_RESOURCE_ATTRIBUTES (as a deployment may set it) is the team the namespace follows.
		Map<String, String> configured = config.getMap("otel.resource.attributes");
		String team = configured.getOrDefault("team", this.properties.getTeam());
		String namespace = (this.properties.getNamespace() != null) ? this.properties.getNamespace()
				: (team != null) ? team : this.properties.resolvedNamespace();
		ResourceBuilder builder = Resource.builder()
			.put("service.namespace", namespace)
			.put("deployment.environment.name", this.properties.getEnvironment());
		if (team != null) {
			builder.put("team", team);
		}
		KUBERNETES_VARIABLES.forEach((variable, attribute) -> {
			String value = this.environment.getProperty(variable);
			if (value != null && !value.isBlank()) {
				builder.put(attribute, value);
			}
		});
		return builder.build();
	}

}
