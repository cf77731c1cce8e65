package io.llmplatform.grafana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of this module as the tests read them: dashboards (JSON), rule files and promtool tests (YAML),
 * provisioning and runbooks. The module folder comes from the system property {@code grafana.dir} (set by the
 * POM), else the working directory.
 */
final class GrafanaFiles {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private GrafanaFiles() {
	}

	static Path dir() {
		return Path.of(System.getProperty("grafana.dir", ".")).toAbsolutePath().normalize();
	}

	static List<Path> dashboards() {
		return list(dir().resolve("dashboards"), ".json");
	}

	/** The Prometheus rule files (alerts and recording rules), not their tests. */
	static List<Path> ruleFiles() {
		return list(dir().resolve("alerts"), ".yaml");
	}

	static List<Path> ruleTests() {
		return list(dir().resolve("alerts/tests"), ".yaml");
	}

	static Path runbook(String alert) {
		return dir().resolve("runbooks").resolve(alert + ".md");
	}

	static JsonNode readJson(Path file) {
		return JSON.readTree(read(file));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> readYaml(Path file) {
		Object loaded = new Yaml().load(read(file));
		return (loaded instanceof Map<?, ?> map) ? (Map<String, Object>) map : new LinkedHashMap<>();
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Path> list(Path folder, String suffix) {
		try (Stream<Path> files = Files.list(folder)) {
			return new ArrayList<>(files.filter((file) -> file.getFileName().toString().endsWith(suffix)).sorted().toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object list) {
		return (list instanceof List<?> items) ? (List<Map<String, Object>>) items : List.of();
	}

}
