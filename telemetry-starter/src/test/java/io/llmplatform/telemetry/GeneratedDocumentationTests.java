package io.llmplatform.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's property table is generated from the configuration metadata and must match it (run
 * with {@code -Ddocs.write=true} to regenerate it). {@code docs/telemetry.md} is generated in
 * system-tests, where every module's catalogue is on the class path.
 */
class GeneratedDocumentationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String START = "<!-- properties:start -->";

	private static final String END = "<!-- properties:end -->";

	@Test
	void catalogueDocumentsTheStartersInstruments() {
		String markdown = TelemetryCatalogue.load().toMarkdown();
		assertThat(markdown).contains("| `http.server.request.duration` | `http_server_request_duration_seconds_*` |",
				"| `gen_ai.client.token.usage` | `gen_ai_client_token_usage_*` |",
				"| `telemetry.export.dropped` | `telemetry_export_dropped_total` |", "`gen_ai.usage.input_tokens`");
	}

	@Test
	void readmePropertyTableIsCurrent() throws IOException {
		Path readme = ROOT.resolve("README.md");
		String current = Files.readString(readme);
		int start = current.indexOf(START);
		int end = current.indexOf(END);
		assertThat(start).as("README.md has the property table markers").isPositive();
		String expected = current.substring(0, start + START.length()) + "\n" + propertyTable()
				+ current.substring(end);
		writeIfAsked(readme, expected);
		assertThat(Files.readString(readme)).as("README.md's property table is stale: rerun with -Ddocs.write=true")
			.isEqualTo(expected);
	}

	private static String propertyTable() throws IOException {
		Path metadata = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
		JsonNode root = JsonMapper.builder().build().readTree(Files.readString(metadata));
		StringBuilder table = new StringBuilder("| property | default | description |\n| --- | --- | --- |\n");
		for (JsonNode property : root.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith(TelemetryProperties.PREFIX + ".")) {
				continue;
			}
			JsonNode defaultValue = property.get("defaultValue");
			String description = (property.has("description") ? property.get("description").asString() : "")
				.replaceAll("\\{@code ([^}]*)}", "`$1`")
				.replace("|", "\\|")
				.replace("\n", " ");
			table.append("| `")
				.append(name)
				.append("` | ")
				.append((defaultValue != null) ? "`" + defaultValue.asString() + "`" : "")
				.append(" | ")
				.append(description)
				.append(" |\n");
		}
		return table.toString();
	}

	private static void writeIfAsked(Path file, String content) throws IOException {
		if (Boolean.getBoolean("docs.write")) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
	}

}
