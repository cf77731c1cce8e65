package io.llmplatform.genai;

import java.util.List;

/**
 * Writes captured messages as the JSON of the OpenTelemetry GenAI semantic conventions
 * ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}): an array of messages, each
 * with its {@code role} and {@code parts} ({@code [{"type":"text","content":...}]}); answers
 * also carry their {@code finish_reason}. A JSON string, as the conventions allow on spans
 * where attributes cannot be structured (Micrometer's key-values are strings). The one place
 * this shape is written, for every provider; a tiny writer of its own so that this module
 * needs no JSON library.
 */
public final class GenAiMessages {

	private GenAiMessages() {
	}

	/**
	 * The JSON of {@code gen_ai.input.messages} or {@code gen_ai.output.messages}.
	 * @param messages the messages, in conversation order
	 * @return the JSON array
	 */
	public static String toJson(List<GenAiMessage> messages) {
		StringBuilder json = new StringBuilder("[");
		for (GenAiMessage message : messages) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append("{\"role\":");
			JsonStrings.appendQuoted(json, message.role());
			json.append(",\"parts\":[{\"type\":\"text\",\"content\":");
			JsonStrings.appendQuoted(json, message.content());
			json.append("}]");
			if (message.finishReason() != null) {
				json.append(",\"finish_reason\":");
				JsonStrings.appendQuoted(json, message.finishReason());
			}
			json.append('}');
		}
		return json.append(']').toString();
	}

}
