package io.llmplatform.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's memory is sized and measured once, for {@code base/platform/gateway.yaml}: an explicit heap and
 * collector in {@code JDK_JAVA_OPTIONS} and the container's limits, which {@code GatewayMemoryLimitSystemTests} (in
 * system-tests) holds under load. Every overlay runs the gateway with those, or the measurement says nothing about it.
 */
class GatewayMemoryTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyOverlayRunsTheGatewayWithTheMemoryOptionsAndLimitsThatWereMeasured(String overlay) throws IOException {
		JsonNode base = baseContainer();
		Container app = Manifests.find(overlay, Deployment.class, "platform", "gateway")
			.orElseThrow(() -> new AssertionError("no gateway Deployment in " + overlay))
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0);
		String baseOptions = baseEnvironment(base, "JDK_JAVA_OPTIONS");
		assertThat(baseOptions).as("the base's heap: a share of the limit would leave too little outside it")
			.contains("-Xmx");
		assertThat(app.getEnv().stream().filter((variable) -> "JDK_JAVA_OPTIONS".equals(variable.getName())))
			.as(overlay + ": JDK_JAVA_OPTIONS")
			.extracting(EnvVar::getValue)
			.containsExactly(baseOptions);
		JsonNode limits = base.at("/resources/limits");
		assertThat(app.getResources().getLimits().get("memory")).as(overlay + ": memory limit")
			.hasToString(limits.get("memory").asText());
		assertThat(app.getResources().getLimits().get("cpu")).as(overlay + ": CPU limit (the JVM's processors)")
			.hasToString(limits.get("cpu").asText());
	}

	private static JsonNode baseContainer() throws IOException {
		Path manifest = Manifests.moduleDir().resolve("base/platform/gateway.yaml");
		try (MappingIterator<JsonNode> documents = Manifests.YAML.readerFor(JsonNode.class).readValues(manifest.toFile())) {
			for (JsonNode document : documents.readAll()) {
				if ("Deployment".equals(document.path("kind").asText())) {
					return document.at("/spec/template/spec/containers/0");
				}
			}
		}
		throw new AssertionError("no Deployment in " + manifest);
	}

	private static String baseEnvironment(JsonNode container, String name) {
		for (JsonNode variable : container.path("env")) {
			if (name.equals(variable.path("name").asText())) {
				return variable.path("value").asText();
			}
		}
		throw new AssertionError("no " + name + " in base/platform/gateway.yaml");
	}

}
