package io.llmplatform.telemetry.genai;

import java.util.concurrent.TimeUnit;

import io.llmplatform.genai.GenAiClientObservationContext;
import io.llmplatform.genai.GenAiObservationDocumentation;
import io.llmplatform.telemetry.genai.GenAiMeterDocumentation.TokenKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Records the three {@code gen_ai.client.*} metrics of a model call. Registered ahead of
 * Micrometer's default meter handler, which then leaves GenAI observations alone (meter
 * handlers are "first matching").
 */
public class GenAiMeterObservationHandler implements MeterObservationHandler<GenAiClientObservationContext> {

	private final MeterRegistry registry;

	public GenAiMeterObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStart(GenAiClientObservationContext context) {
		context.put(Timer.Sample.class, Timer.start(this.registry));
	}

	@Override
	public void onStop(GenAiClientObservationContext context) {
		Tags tags = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags = tags.and(keyValue.getKey(), keyValue.getValue());
		}
		String errorType = GenAiObservationDocumentation.LowCardinalityKeys.ERROR_TYPE.asString();
		if (context.getLowCardinalityKeyValue(errorType) == null) {
			// Empty, not absent: a Prometheus registry needs the same label set on every series,
			// and Prometheus treats an empty label as no label.
			tags = tags.and(errorType, "");
		}
		Timer.Sample sample = context.getRequired(Timer.Sample.class);
		sample.stop(Timer.builder(GenAiMeterDocumentation.OPERATION_DURATION.getName())
			.description("Duration of GenAI client operations")
			.tags(tags)
			.register(this.registry));
		if (context.getInputTokens() != null) {
			tokens(tags, "input").record(context.getInputTokens());
		}
		if (context.getOutputTokens() != null) {
			tokens(tags, "output").record(context.getOutputTokens());
		}
		Long firstChunk = context.getTimeToFirstChunkNanos();
		if (firstChunk != null) {
			Timer.builder(GenAiMeterDocumentation.TIME_TO_FIRST_CHUNK.getName())
				.description("Time to receive the first chunk of a streamed GenAI answer")
				.tags(tags)
				.register(this.registry)
				.record(firstChunk, TimeUnit.NANOSECONDS);
		}
	}

	private DistributionSummary tokens(Tags tags, String type) {
		return DistributionSummary.builder(GenAiMeterDocumentation.TOKEN_USAGE.getName())
			.description("Tokens used by GenAI client operations")
			.tags(tags.and(TokenKeys.TOKEN_TYPE.asString(), type))
			.register(this.registry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof GenAiClientObservationContext;
	}

}
