package io.llmplatform.genai;

/**
 * JSON string literals (RFC 8259): the one escaper of the suite, for the GenAI message JSON
 * here and the starter's log lines. Runs of plain characters are copied at once, so a line
 * without anything to escape costs one append.
 */
public final class JsonStrings {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonStrings() {
	}

	/**
	 * Appends the value as a quoted JSON string.
	 * @param json where to write
	 * @param value the string
	 */
	public static void appendQuoted(StringBuilder json, String value) {
		json.append('"');
		appendEscaped(json, value);
		json.append('"');
	}

	/**
	 * Appends the value as the content of a JSON string: quote, backslash and the control
	 * characters escaped, everything else (unicode included) as it is.
	 * @param json where to write
	 * @param value the string
	 */
	public static void appendEscaped(StringBuilder json, String value) {
		int plainFrom = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			json.append(value, plainFrom, i);
			plainFrom = i + 1;
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		json.append(value, plainFrom, value.length());
	}

}
