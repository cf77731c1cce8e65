package io.llmplatform.telemetry.tracing;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Boot's handler for inbound requests (SERVER spans), writing attributes with
 * {@link SpanAttributeTypes their semantic-conventions types}. Extend it, not micrometer's
 * class, to customize the SERVER span (the gateway does).
 * @param <T> the receiver context
 */
public class TypedPropagatingReceiverTracingObservationHandler<T extends ReceiverContext<?>>
		extends PropagatingReceiverTracingObservationHandler<T> {

	public TypedPropagatingReceiverTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void tagSpan(T context, Span span) {
		SpanAttributeTypes.tagSpan(context, span);
	}

}
