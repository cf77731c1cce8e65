package io.llmplatform.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM services' memory is sized and measured once, in the base manifests: an explicit heap and collector in
 * {@code JDK_JAVA_OPTIONS} and the container's limits, which {@code GatewayMemoryLimitSystemTests} and
 * {@code TeamMemoryLimitSystemTests} (in system-tests) hold under load. Every overlay runs the gateway and the team
 * services with those, or the measurements say nothing about them.
 */
class ContainerMemoryTests {

	/** Each sized Deployment: its namespace, name and base manifest. */
	private static final List<List<String>> SERVICES = List.of(
			List.of("platform", "gateway", "base/platform/gateway.yaml"),
			List.of("team-quant", "team-quant", "base/teams/quant/team-quant.yaml"),
			List.of("team-finetune", "team-finetune", "base/teams/finetune/team-finetune.yaml"),
			List.of("team-eval", "team-eval", "base/teams/eval/team-eval.yaml"));

	static List<Arguments> overlaysAndServices() {
		List<Arguments> arguments = new ArrayList<>();
		for (String overlay : Manifests.OVERLAYS) {
			for (List<String> service : SERVICES) {
				arguments.add(Arguments.of(overlay, service.get(0), service.get(1), service.get(2)));
			}
		}
		return arguments;
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource("overlaysAndServices")
	void everyOverlayRunsTheServiceWithTheMemoryOptionsAndLimitsThatWereMeasured(String overlay, String namespace,
			String name, String baseManifest) throws IOException {
		JsonNode base = baseContainer(baseManifest);
		Container app = Manifests.find(overlay, Deployment.class, namespace, name)
			.orElseThrow(() -> new AssertionError("no " + name + " Deployment in " + overlay))
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0);
		String baseOptions = baseEnvironment(base, "JDK_JAVA_OPTIONS", baseManifest);
		assertThat(baseOptions).as("the base's heap: a share of the limit would leave too little outside it")
			.contains("-Xmx");
		assertThat(app.getEnv().stream().filter((variable) -> "JDK_JAVA_OPTIONS".equals(variable.getName())))
			.as(overlay + ": JDK_JAVA_OPTIONS of " + name)
			.extracting(EnvVar::getValue)
			.containsExactly(baseOptions);
		JsonNode limits = base.at("/resources/limits");
		assertThat(app.getResources().getLimits().get("memory")).as(overlay + ": memory limit of " + name)
			.hasToString(limits.get("memory").asText());
		assertThat(app.getResources().getLimits().get("cpu")).as(overlay + ": CPU limit of " + name
				+ " (the JVM's processors)")
			.hasToString(limits.get("cpu").asText());
	}

	private static JsonNode baseContainer(String baseManifest) throws IOException {
		Path manifest = Manifests.moduleDir().resolve(baseManifest);
		try (MappingIterator<JsonNode> documents = Manifests.YAML.readerFor(JsonNode.class).readValues(manifest.toFile())) {
			for (JsonNode document : documents.readAll()) {
				if ("Deployment".equals(document.path("kind").asText())) {
					return document.at("/spec/template/spec/containers/0");
				}
			}
		}
		throw new AssertionError("no Deployment in " + manifest);
	}

	private static String baseEnvironment(JsonNode container, String name, String baseManifest) {
		for (JsonNode variable : container.path("env")) {
			if (name.equals(variable.path("name").asText())) {
				return variable.path("value").asText();
			}
		}
		throw new AssertionError("no " + name + " in " + baseManifest);
	}

}
