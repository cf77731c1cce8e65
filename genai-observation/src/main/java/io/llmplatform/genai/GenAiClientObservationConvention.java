package io.llmplatform.genai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and attributes of GenAI client observations; declare a bean to change them.
 */
public interface GenAiClientObservationConvention extends ObservationConvention<GenAiClientObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof GenAiClientObservationContext;
	}

}
