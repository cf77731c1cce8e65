package io.llmplatform.gateway.quota;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tokens a team's answer says it spent: {@code usage.input_tokens} plus
 * {@code usage.output_tokens} of its JSON body, what the token quota charges. Read with
 * Jackson's streaming parser straight from the body's bytes: no tree is built and the other
 * members (the completion text above all) are only stepped over. It reads what
 * {@code readTree(body).path("usage")} would, and counts nothing for a body that is not one
 * well-formed JSON value.
 */
public final class TokenUsage {

	private static final String USAGE = "usage";

	private static final String INPUT_TOKENS = "input_tokens";

	private static final String OUTPUT_TOKENS = "output_tokens";

	private TokenUsage() {
	}

	/**
	 * @param json the mapper whose parser settings apply
	 * @param body the bytes of the answer
	 * @param offset where the answer starts in them
	 * @param length how many bytes it has
	 * @return the input and output tokens of its top-level {@code usage}, each 0 when absent or not a number; 0 when
	 * the body is not JSON
	 */
	public static long spent(JsonMapper json, byte[] body, int offset, int length) {
		try (JsonParser parser = json.createParser(body, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return 0;
			}
			long spent = 0;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				boolean usage = USAGE.equals(parser.currentName());
				JsonToken value = parser.nextToken();
				if (usage && value == JsonToken.START_OBJECT) {
					spent = usage(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			// One value and nothing after it, as readTree insists.
			return (parser.nextToken() == null) ? spent : 0;
		}
		catch (JacksonException ex) {
			return 0;
		}
	}

	/** The counts of a {@code usage} object, the parser at its start; leaves the parser at its end. */
	private static long usage(JsonParser parser) {
		long input = 0;
		long output = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value.isScalarValue()) {
				if (INPUT_TOKENS.equals(name)) {
					input = parser.getValueAsLong(0);
				}
				else if (OUTPUT_TOKENS.equals(name)) {
					output = parser.getValueAsLong(0);
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return input + output;
	}

}
