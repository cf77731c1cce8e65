package io.llmplatform.telemetry.tracing;

import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Boot's handler for outbound calls (CLIENT spans), writing attributes with
 * {@link SpanAttributeTypes their semantic-conventions types}, and the context's remote
 * service name as {@code service.peer.name}: micrometer-tracing's OpenTelemetry bridge writes
 * it as {@code peer.service}, which the conventions deprecate (renamed to
 * {@code service.peer.name}).
 * @param <T> the sender context
 */
public class TypedPropagatingSenderTracingObservationHandler<T extends SenderContext<?>>
		extends PropagatingSenderTracingObservationHandler<T> {

	private static final String SERVICE_PEER_NAME = "service.peer.name";

	public TypedPropagatingSenderTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void onStart(T context) {
		String remoteServiceName = context.getRemoteServiceName();
		context.setRemoteServiceName(null);
		try {
			super.onStart(context);
		}
		finally {
			context.setRemoteServiceName(remoteServiceName);
		}
	}

	@Override
	public void tagSpan(T context, Span span) {
		SpanAttributeTypes.tagSpan(context, span);
		if (context.getRemoteServiceName() != null) {
			span.tag(SERVICE_PEER_NAME, context.getRemoteServiceName());
		}
	}

}
