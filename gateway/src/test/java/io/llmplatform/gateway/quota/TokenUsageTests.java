package io.llmplatform.gateway.quota;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming read of an answer's usage against what the quota read before it, the tree's
 * {@code path("usage")}: the same count for every shape of body.
 */
class TokenUsageTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"output\":\"Quantization maps weights to fewer bits.\",\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}",
			"{\"usage\":{\"output_tokens\":9,\"input_tokens\":5},\"output\":\"after\"}",
			"{\"output\":{\"usage\":{\"input_tokens\":1000}},\"usage\":{\"input_tokens\":3}}",
			"{\"usage\":{\"input_tokens\":5,\"details\":{\"output_tokens\":1000},\"output_tokens\":[1,2]}}",
			"{\"usage\":{\"input_tokens\":\"12\",\"output_tokens\":7.9}}",
			"{\"usage\":{\"input_tokens\":null,\"output_tokens\":4}}",
			"{\"usage\":{\"input_tokens\":1},\"usage\":{\"input_tokens\":2}}",
			"{\"usage\":[{\"input_tokens\":5}]}", "{\"usage\":5}", "{\"output\":\"no usage\"}", "{}",
			"[{\"usage\":{\"input_tokens\":5}}]", "\"usage\"", "42", "null",
			"{\"usage\":{\"input_tokens\":5,\"output_tokens\":9}} trailing",
			"{\"usage\":{\"input_tokens\":5,\"output_tokens\":9}", "{\"usage\":{\"input_tokens\":5,", "not json", "",
			"  {\"usage\" : {\"input_tokens\" : 5 , \"output_tokens\" : 9}}  \n" })
	void countsWhatTheTreeCounted(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		assertThat(TokenUsage.spent(json, bytes, 0, bytes.length)).as(body).isEqualTo(readTree(bytes));
	}

	@Test
	void readsOnlyTheGivenRange() {
		byte[] bytes = "xx{\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}yy".getBytes(StandardCharsets.UTF_8);
		assertThat(TokenUsage.spent(json, bytes, 2, bytes.length - 4)).isEqualTo(14);
	}

	@Test
	void countsAWellFormedAnswer() {
		byte[] bytes = "{\"output\":\"é 漢字 \\\" \\\\\",\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(TokenUsage.spent(json, bytes, 0, bytes.length)).isEqualTo(14);
	}

	/** What the quota did before: the whole body as a tree, 0 when it is not one JSON value. */
	private static long readTree(byte[] body) {
		try {
			JsonNode usage = json.readTree(body).path("usage");
			return usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

}
