package io.llmplatform.team;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a team's handler answers: the output and where it came from. Team-specific fields
 * (a judge's score, ...) go in {@code extensions} and appear at the top level of the response.
 *
 * @param output the generated text
 * @param model the model that produced it
 * @param modelVersion its version
 * @param servedBy which model served it: a SageMaker endpoint name, or {@code baseline}
 * @param usage token usage
 * @param extensions team-specific response fields
 */
public record Prediction(String output, String model, String modelVersion, String servedBy, TokenUsage usage,
		Map<String, Object> extensions) {

	/** {@code served_by} of answers from the vLLM baseline. */
	public static final String BASELINE = "baseline";

	public Prediction {
		extensions = Map.copyOf(extensions);
	}

	/**
	 * This prediction with one more response field.
	 * @param name the field name
	 * @param value its value
	 * @return the new prediction
	 */
	public Prediction with(String name, Object value) {
		Map<String, Object> more = new LinkedHashMap<>(this.extensions);
		more.put(name, value);
		return new Prediction(this.output, this.model, this.modelVersion, this.servedBy, this.usage, more);
	}

}
