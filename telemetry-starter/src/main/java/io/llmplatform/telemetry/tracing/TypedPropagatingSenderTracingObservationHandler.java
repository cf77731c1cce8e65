package io.llmplatform.telemetry.tracing;

import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Boot's handler for outbound calls (CLIENT spans), writing attributes with
 * {@link SpanAttributeTypes their semantic-conventions types}.
 * @param <T> the sender context
 */
public class TypedPropagatingSenderTracingObservationHandler<T extends SenderContext<?>>
		extends PropagatingSenderTracingObservationHandler<T> {

	public TypedPropagatingSenderTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void tagSpan(T context, Span span) {
		SpanAttributeTypes.tagSpan(context, span);
	}

}
