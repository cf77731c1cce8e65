package io.llmplatform.genai;

import io.llmplatform.genai.GenAiObservationDocumentation.HighCardinalityKeys;
import io.llmplatform.genai.GenAiObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The OpenTelemetry GenAI semantic conventions: span {@code {operation} {model}}, metric
 * {@code gen_ai.client.operation.duration}.
 */
public class DefaultGenAiClientObservationConvention implements GenAiClientObservationConvention {

	/** The observation's name, which is also the name of its timer: the semantic conventions' duration metric. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** Shared instance. */
	public static final DefaultGenAiClientObservationConvention INSTANCE = new DefaultGenAiClientObservationConvention();

	@Override
	public String getName() {
		return OPERATION_DURATION;
	}

	@Override
	public String getContextualName(GenAiClientObservationContext context) {
		GenAiRequest request = context.getRequest();
		return request.operation() + " " + request.model();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GenAiClientObservationContext context) {
		GenAiRequest request = context.getRequest();
		KeyValues values = KeyValues.of(LowCardinalityKeys.OPERATION_NAME.withValue(request.operation()),
				LowCardinalityKeys.PROVIDER_NAME.withValue(request.provider()),
				LowCardinalityKeys.REQUEST_MODEL.withValue(request.model()));
		// Only on failure, as the semantic conventions have it; the metrics add an empty one otherwise.
		return (context.getErrorType() != null)
				? values.and(LowCardinalityKeys.ERROR_TYPE.withValue(context.getErrorType())) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(GenAiClientObservationContext context) {
		GenAiRequest request = context.getRequest();
		KeyValues values = KeyValues.empty();
		if (context.getInputTokens() != null) {
			values = values.and(HighCardinalityKeys.USAGE_INPUT_TOKENS.withValue(context.getInputTokens().toString()));
		}
		if (context.getOutputTokens() != null) {
			values = values
				.and(HighCardinalityKeys.USAGE_OUTPUT_TOKENS.withValue(context.getOutputTokens().toString()));
		}
		if (!context.getFinishReasons().isEmpty()) {
			// Comma-joined without spaces: the exporter's attribute typing splits it into a string array.
			values = values.and(HighCardinalityKeys.RESPONSE_FINISH_REASONS
				.withValue(String.join(",", context.getFinishReasons())));
		}
		if (context.getResponseModel() != null) {
			values = values.and(HighCardinalityKeys.RESPONSE_MODEL.withValue(context.getResponseModel()));
		}
		if (request.maxTokens() != null) {
			values = values.and(HighCardinalityKeys.REQUEST_MAX_TOKENS.withValue(request.maxTokens().toString()));
		}
		if (request.temperature() != null) {
			values = values.and(HighCardinalityKeys.REQUEST_TEMPERATURE.withValue(request.temperature().toString()));
		}
		if (context.getInputMessages() != null) {
			values = values.and(HighCardinalityKeys.INPUT_MESSAGES.withValue(context.getInputMessages()));
		}
		if (context.getOutputMessages() != null) {
			values = values.and(HighCardinalityKeys.OUTPUT_MESSAGES.withValue(context.getOutputMessages()));
		}
		for (var attribute : request.attributes().entrySet()) {
			values = values.and(attribute.getKey(), attribute.getValue());
		}
		return values;
	}

}
