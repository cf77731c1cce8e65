package io.llmplatform.gateway.tracing;

import java.util.List;

import io.llmplatform.telemetry.tracing.SpanAttributeTypes;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayPropagatingSenderTracingObservationHandler;

/**
 * Spring Cloud Gateway's handler of its calls to the teams (it takes precedence over
 * telemetry-starter's sender handler for {@link GatewayContext}), writing attributes with
 * {@link SpanAttributeTypes their semantic-conventions types}.
 */
public class TypedGatewaySenderTracingObservationHandler extends GatewayPropagatingSenderTracingObservationHandler {

	public TypedGatewaySenderTracingObservationHandler(Tracer tracer, Propagator propagator,
			List<String> remoteFields) {
		super(tracer, propagator, remoteFields);
	}

	@Override
	public void tagSpan(GatewayContext context, Span span) {
		SpanAttributeTypes.tagSpan(context, span);
	}

}
