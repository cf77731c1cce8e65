package io.llmplatform.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.llmplatform.telemetry.catalogue.TelemetryCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/telemetry.md} is generated from the catalogue of every module on this class
 * path (the starter, the SageMaker invoker, the gateway, the teams) and must match it. Run
 * with {@code -Ddocs.write=true} to regenerate it.
 */
class TelemetryCatalogueDocumentationTests {

	private static final Path DOCUMENT = Path.of(System.getProperty("suite.root", ".."), "docs", "telemetry.md");

	@Test
	void telemetryCatalogueDocumentIsCurrent() throws IOException {
		String expected = TelemetryCatalogue.load().toMarkdown();
		if (Boolean.getBoolean("docs.write")) {
			Files.writeString(DOCUMENT, expected, StandardCharsets.UTF_8);
		}
		assertThat(DOCUMENT).as("docs/telemetry.md is missing: rerun with -Ddocs.write=true").exists();
		assertThat(Files.readString(DOCUMENT)).as("docs/telemetry.md is stale: rerun with -Ddocs.write=true")
			.isEqualTo(expected);
	}

	@Test
	void everyModuleContributesItsInstruments() {
		assertThat(TelemetryCatalogue.load().toMarkdown()).contains("`gateway.requests`", "`gateway.request.duration`",
				"`sagemaker.invoke.duration`", "`sagemaker.invoke.errors`", "`quant.shadow.agreement`",
				"`finetune.fallbacks`", "`eval.judge.score`", "`gen_ai.client.token.usage`");
	}

}
