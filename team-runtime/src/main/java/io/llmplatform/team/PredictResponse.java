package io.llmplatform.team;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body answered by {@code POST /api/{team}/predict}.
 *
 * @param output the generated text
 * @param model the model that produced it
 * @param modelVersion its version
 * @param servedBy a SageMaker endpoint name, or {@code baseline}
 * @param usage token usage
 * @param timings where the time went
 * @param correlationId the request's correlation id
 * @param extensions team-specific fields, written at the top level
 */
public record PredictResponse(String output, String model, @JsonProperty("model_version") String modelVersion,
		@JsonProperty("served_by") String servedBy, TokenUsage usage, Timings timings,
		@JsonProperty("correlation_id") String correlationId, @JsonAnyGetter Map<String, Object> extensions) {

	/**
	 * @param totalMs time spent answering, in milliseconds
	 */
	public record Timings(@JsonProperty("total_ms") long totalMs) {
	}

	public static PredictResponse of(Prediction prediction, long totalMs, String correlationId) {
		return new PredictResponse(prediction.output(), prediction.model(), prediction.modelVersion(),
				prediction.servedBy(), prediction.usage(), new Timings(totalMs), correlationId,
				prediction.extensions());
	}

}
