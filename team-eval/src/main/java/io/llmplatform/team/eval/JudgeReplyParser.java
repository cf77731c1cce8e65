package io.llmplatform.team.eval;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the judge's reply: the first JSON object in it must hold an integer {@code score}
 * from 1 to 5 and a non-blank {@code rationale}. Anything else is unparseable, never a
 * silent zero.
 */
final class JudgeReplyParser {

	private static final JsonMapper json = JsonMapper.builder().build();

	private JudgeReplyParser() {
	}

	static Optional<JudgeVerdict> parse(String reply) {
		int start = reply.indexOf('{');
		int end = reply.lastIndexOf('}');
		if (start < 0 || end <= start) {
			return Optional.empty();
		}
		try {
			JsonNode node = json.readTree(reply.substring(start, end + 1));
			JsonNode score = node.get("score");
			JsonNode rationale = node.get("rationale");
			if (score == null || !score.isIntegralNumber() || rationale == null || !rationale.isString()
					|| rationale.asString().isBlank()) {
				return Optional.empty();
			}
			int value = score.asInt();
			if (value < JudgeVerdict.MIN_SCORE || value > JudgeVerdict.MAX_SCORE) {
				return Optional.empty();
			}
			return Optional.of(new JudgeVerdict(value, rationale.asString()));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
