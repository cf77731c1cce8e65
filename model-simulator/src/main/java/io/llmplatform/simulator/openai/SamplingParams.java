package io.llmplatform.simulator.openai;

import tools.jackson.databind.JsonNode;

/**
 * The sampling fields the simulator honours, read the way vLLM reads them.
 *
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, else the model's default
 * @param temperature 0 means greedy: the same prompt gets the same answer
 * @param seed per-request seed for sampled answers, or null
 */
public record SamplingParams(int maxTokens, double temperature, Long seed) {

	/** vLLM's default temperature when a request gives none. */
	static final double DEFAULT_TEMPERATURE = 1.0;

	public static SamplingParams read(JsonNode body, String maxTokensField, int defaultMaxTokens) {
		JsonNode max = body.path("max_completion_tokens");
		if (max.isMissingNode() || max.isNull()) {
			max = body.path(maxTokensField);
		}
		int maxTokens = defaultMaxTokens;
		if (!max.isMissingNode() && !max.isNull()) {
			if (!max.isIntegralNumber()) {
				throw new BadRequestException(maxTokensField + " must be an integer", maxTokensField);
			}
			maxTokens = max.asInt();
		}
		if (maxTokens < 1) {
			throw new BadRequestException(maxTokensField + " must be at least 1, got " + maxTokens + ".", maxTokensField);
		}
		JsonNode temperatureNode = body.path("temperature");
		double temperature = DEFAULT_TEMPERATURE;
		if (!temperatureNode.isMissingNode() && !temperatureNode.isNull()) {
			if (!temperatureNode.isNumber()) {
				throw new BadRequestException("temperature must be a number", "temperature");
			}
			temperature = temperatureNode.asDouble();
		}
		if (temperature < 0) {
			throw new BadRequestException("temperature must be non-negative, got " + temperature + ".", "temperature");
		}
		JsonNode seedNode = body.path("seed");
		Long seed = seedNode.isIntegralNumber() ? seedNode.asLong() : null;
		return new SamplingParams(maxTokens, temperature, seed);
	}

}
