package io.llmplatform.simulator.sagemaker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmplatform.simulator.engine.GenerationPlan;

/**
 * Bodies as the Hugging Face TGI container writes them: {@code [{"generated_text": ...}]}, with the
 * {@code details} block when the request asked for it, and the token events of its SSE stream.
 */
final class TgiPayloads {

	private TgiPayloads() {
	}

	static List<Map<String, Object>> generated(GenerationPlan plan, boolean details, Long seed) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("generated_text", plan.text());
		if (details) {
			result.put("details", details(plan, seed));
		}
		return List.of(result);
	}

	/** One streamed token; the last one also carries the whole text and the details. */
	static Map<String, Object> tokenEvent(GenerationPlan plan, int index, String piece, Long seed) {
		Map<String, Object> token = new LinkedHashMap<>();
		token.put("id", Math.floorMod(piece.hashCode(), 32_000));
		token.put("text", piece);
		token.put("logprob", -0.25);
		token.put("special", false);
		boolean last = index == plan.completionTokens() - 1;
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("index", index + 1);
		event.put("token", token);
		event.put("top_tokens", null);
		event.put("generated_text", last ? plan.text() : null);
		event.put("details", last ? details(plan, seed) : null);
		return event;
	}

	private static Map<String, Object> details(GenerationPlan plan, Long seed) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("finish_reason", "length".equals(plan.finishReason()) ? "length" : "eos_token");
		details.put("generated_tokens", plan.completionTokens());
		details.put("seed", seed);
		return details;
	}

}
