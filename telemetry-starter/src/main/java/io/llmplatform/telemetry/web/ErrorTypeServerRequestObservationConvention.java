package io.llmplatform.telemetry.web;

import io.llmplatform.genai.ErrorType;
import io.micrometer.common.KeyValue;

import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's OpenTelemetry HTTP server convention, whose {@code error.type} is the suite's
 * {@link ErrorType} when the application put one in the request attribute
 * {@link ErrorType#ATTRIBUTE} (a handled failure leaves no exception for the convention to
 * name).
 */
public class ErrorTypeServerRequestObservationConvention extends OpenTelemetryServerRequestObservationConvention {

	@Override
	protected KeyValue exception(ServerRequestObservationContext context) {
		KeyValue exception = super.exception(context);
		Object errorType = context.getCarrier().getAttribute(ErrorType.ATTRIBUTE);
		return (errorType instanceof String value) ? KeyValue.of(exception.getKey(), value) : exception;
	}

}
