package io.llmplatform.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Renders the overlays with {@code kubectl kustomize} and parses every document with fabric8's typed Kubernetes
 * model, failing on kinds the model does not know and on fields it does not know (fabric8 keeps those in
 * {@code additionalProperties} instead of failing, so every parsed object graph is walked for them).
 */
final class Manifests {

	static final List<String> OVERLAYS = List.of("dev", "eks", "alloy");

	static final List<String> TEAMS = List.of("quant", "finetune", "eval");

	static final ObjectMapper YAML = new YAMLMapper();

	static final ObjectMapper JSON = new ObjectMapper();

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();


	private Manifests() {
	}

	/** The k8s/ folder (surefire runs with the module's folder as working directory). */
	static Path moduleDir() {
		return Path.of("").toAbsolutePath();
	}

	/** The repository's grafana/ folder, written beside k8s/. */
	static Path grafanaDir() {
		return moduleDir().resolveSibling("grafana");
	}

	/** Renders an overlay and parses it strictly; cached per overlay. */
	static List<HasMetadata> rendered(String overlay) {
		return RENDERED.computeIfAbsent(overlay, Manifests::renderAndParse);
	}

	static <T extends HasMetadata> List<T> all(String overlay, Class<T> type) {
		return rendered(overlay).stream().filter(type::isInstance).map(type::cast).toList();
	}

	static <T extends HasMetadata> Optional<T> find(String overlay, Class<T> type, String namespace, String name) {
		return all(overlay, type).stream()
			.filter((o) -> name.equals(o.getMetadata().getName()))
			.filter((o) -> namespace == null || namespace.equals(o.getMetadata().getNamespace()))
			.findFirst();
	}

	/** A generated ConfigMap by its name before kustomize's hash suffix. */
	static ConfigMap configMap(String overlay, String namespace, String baseName) {
		return all(overlay, ConfigMap.class).stream()
			.filter((c) -> namespace.equals(c.getMetadata().getNamespace()))
			.filter((c) -> c.getMetadata().getName().equals(baseName)
					|| c.getMetadata().getName().matches(java.util.regex.Pattern.quote(baseName) + "-[a-z0-9]{10}"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ConfigMap " + namespace + "/" + baseName + " in " + overlay));
	}

	/** Every workload (Deployment, StatefulSet, DaemonSet) with its pod template. */
	static List<Workload> workloads(String overlay) {
		List<Workload> workloads = new ArrayList<>();
		for (HasMetadata object : rendered(overlay)) {
			if (object instanceof Deployment d) {
				workloads.add(new Workload(d, d.getSpec().getTemplate()));
			}
			else if (object instanceof StatefulSet s) {
				workloads.add(new Workload(s, s.getSpec().getTemplate()));
			}
			else if (object instanceof DaemonSet d) {
				workloads.add(new Workload(d, d.getSpec().getTemplate()));
			}
		}
		return workloads;
	}

	/** Whether {@code host:port} (host as name.namespace[.svc[.cluster.local]]) is a rendered Service port. */
	static boolean serviceExists(String overlay, String host, int port) {
		String[] parts = host.split("\\.");
		if (parts.length < 2) {
			return false;
		}
		String suffix = host.substring(parts[0].length() + parts[1].length() + 1);
		if (!(suffix.isEmpty() || suffix.equals(".svc") || suffix.equals(".svc.cluster.local"))) {
			return false;
		}
		return find(overlay, Service.class, parts[1], parts[0])
			.map((s) -> s.getSpec().getPorts().stream().anyMatch((p) -> p.getPort() == port))
			.orElse(false);
	}

	static JsonNode yaml(String text) {
		try {
			return YAML.readTree(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode yamlFile(Path file) {
		try {
			return YAML.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode jsonFile(Path file) {
		try {
			return JSON.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs a command and returns its stdout; fails with its stderr unless it exits 0. */
	static String run(Path workingDir, List<String> command) {
		try {
			Path out = Files.createTempFile("cmd", ".out");
			Path err = Files.createTempFile("cmd", ".err");
			Process process = new ProcessBuilder(command).directory(workingDir.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail(command + " did not finish in 120 s");
			}
			String stdout = Files.readString(out);
			String stderr = Files.readString(err);
			Files.delete(out);
			Files.delete(err);
			if (process.exitValue() != 0) {
				fail(command + " exited " + process.exitValue() + ":\n" + stdout + stderr);
			}
			return stdout;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Skips the calling test when a tool is missing on a developer machine, but fails in CI (CI=true), where
	 * .ci/run installs it.
	 */
	static void requireTool(String tool, String why) {
		boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, tool)));
		if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(tool + " is not installed but CI=true: " + why);
		}
		Assumptions.assumeTrue(present, () -> "SKIPPED: " + tool + " is not on the PATH (" + why + ")");
	}

	private static List<HasMetadata> renderAndParse(String overlay) {
		requireTool("kubectl", "kubectl kustomize renders the overlays");
		String yaml = run(renderRoot(), List.of("kubectl", "kustomize", "overlays/" + overlay));
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : yaml.split("(?m)^---\\s*$")) {
			if (document.isBlank()) {
				continue;
			}
			Object parsed = SERIALIZATION.unmarshal(document);
			if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
				throw new AssertionError("not a kind of the Kubernetes model (" + overlay + "):\n" + document);
			}
			List<String> unknown = new ArrayList<>();
			collectUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
			assertThat(unknown).as("fields the Kubernetes model does not know, in overlay " + overlay).isEmpty();
			objects.add(object);
		}
		assertThat(objects).as("objects rendered for " + overlay).isNotEmpty();
		return List.copyOf(objects);
	}

	/** The folder kustomize runs in: k8s/, whose overlays include ../../../grafana. */
	static Path renderRoot() {
		return moduleDir();
	}

	private static void collectUnknownFields(Object node, String path, List<String> unknown) {
		if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
				|| node instanceof Enum<?>) {
			return;
		}
		if (node instanceof Collection<?> collection) {
			int i = 0;
			for (Object item : collection) {
				collectUnknownFields(item, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
			return;
		}
		if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method method : node.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
					|| method.getDeclaringClass() == Object.class || !method.getName().startsWith("get")) {
				continue;
			}
			try {
				Object value = method.invoke(node);
				if (method.getName().equals("getAdditionalProperties")) {
					if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
						unknown.add(path + ": " + extra.keySet());
					}
				}
				else {
					collectUnknownFields(value, path + "." + method.getName().substring(3), unknown);
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	record Workload(HasMetadata object, PodTemplateSpec template) {

		String id() {
			return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
		}

		String label(String key) {
			Map<String, String> labels = template.getMetadata().getLabels();
			return labels == null ? null : labels.get(key);
		}

	}

}
