package io.llmplatform.telemetry.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;

/**
 * Boot's handler for local and unclassified observations, writing attributes with
 * {@link SpanAttributeTypes their semantic-conventions types}.
 */
public class TypedTracingObservationHandler extends DefaultTracingObservationHandler {

	public TypedTracingObservationHandler(Tracer tracer) {
		super(tracer);
	}

	@Override
	public void tagSpan(Observation.Context context, Span span) {
		SpanAttributeTypes.tagSpan(context, span);
	}

}
