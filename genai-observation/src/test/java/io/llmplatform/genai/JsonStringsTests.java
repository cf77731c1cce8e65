package io.llmplatform.genai;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escaper against Jackson: every string, written as a literal, reads back as itself,
 * and the escapes are the short ones RFC 8259 names wherever there is one.
 */
class JsonStringsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "quote \" backslash \\ slash /", "lines\nand\r\nreturns\tand tabs",
			"control \u0000 \u0001 \u001f \u007f \b \f", "unicode é ü 漢字 😀", "lone \ud800 surrogate",
			"\"", "\\", "\u0000" })
	void everyStringReadsBackAsItself(String value) {
		StringBuilder literal = new StringBuilder();
		JsonStrings.appendQuoted(literal, value);
		assertThat(json.readValue(literal.toString(), String.class)).isEqualTo(value);
		assertThat(literal.toString().chars().skip(1).limit(literal.length() - 2L)).allMatch((c) -> c >= 0x20);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\"b|a\\\"b", "a\\b|a\\\\b", "\n|\\n", "\r|\\r", "\t|\\t", "\b|\\b", "\f|\\f",
			"\u0001|\\u0001", "\u001f|\\u001f", "é|é" })
	void escapesAreTheShortOnesWhereThereIsOne(String valueAndEscaped) {
		String[] parts = valueAndEscaped.split("\\|", 2);
		StringBuilder content = new StringBuilder();
		JsonStrings.appendEscaped(content, parts[0]);
		assertThat(content).hasToString(parts[1]);
	}

}
