package io.llmplatform.gateway.tracing;

import io.llmplatform.gateway.PlatformGatewayProperties;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Inbound trace context as {@code platform.gateway.trace-context} says.
 */
@Configuration(proxyBeanMethods = false)
public class TraceContextConfiguration {

	/** Of the customizer adding the trace-context rule's decorator: first, so that it wraps the others. */
	public static final int INBOUND_TRACE_CONTEXT_ORDER = 0;

	/** Outermost of the gateway's decorators: whatever reads the trace headers after it gets the cleaned ones. */
	@Bean
	@Order(INBOUND_TRACE_CONTEXT_ORDER)
	WebHttpHandlerBuilderCustomizer inboundTraceContextCustomizer(PlatformGatewayProperties properties) {
		InboundTraceContextDecorator decorator = new InboundTraceContextDecorator(properties.getTraceContext());
		return (builder) -> builder.httpHandlerDecorator(decorator);
	}

	/** Replaces the starter's and Boot's receiver handlers (they back off when one of the type exists). */
	@Bean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	CallerLinkingReceiverTracingObservationHandler callerLinkingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new CallerLinkingReceiverTracingObservationHandler(tracer, propagator);
	}

	/** Sends the CLIENT span's context to the routed service. */
	@Bean
	TraceContextHeadersFilter traceContextHeadersFilter(Propagator propagator) {
		return new TraceContextHeadersFilter(propagator);
	}

}
