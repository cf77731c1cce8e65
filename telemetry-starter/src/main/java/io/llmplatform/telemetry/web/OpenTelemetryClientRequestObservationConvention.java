package io.llmplatform.telemetry.web;

import java.io.IOException;
import java.net.URI;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;

/**
 * OpenTelemetry HTTP client semantic conventions for {@code RestClient} and
 * {@code RestTemplate} calls, in place of Spring's default ({@code http.url}, which the
 * conventions deprecate, and none of the attributes they require):
 * <ul>
 * <li>span name: the method ({@code POST});</li>
 * <li>metric {@code http.client.request.duration} (Prometheus
 * {@code http_client_request_duration_seconds_*});</li>
 * <li>low cardinality: {@code http.request.method}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code} ({@code UNKNOWN} without an answer), {@code error.type}
 * (the status code from 400 on, else the exception's class, else {@code none}, as Spring's
 * server convention, so that the metric keeps one label set);</li>
 * <li>high cardinality: {@code url.full}.</li>
 * </ul>
 * Telemetry-starter's tracing handlers write the numbers as numbers and leave
 * {@code error.type=none} off the span.
 */
public class OpenTelemetryClientRequestObservationConvention implements ClientRequestObservationConvention {

	/** The metric (and observation) name. */
	public static final String NAME = "http.client.request.duration";

	private static final String UNKNOWN = "UNKNOWN";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		return (request != null) ? request.getMethod().name() : "HTTP";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		URI uri = (request != null) ? request.getURI() : null;
		Integer status = status(context.getResponse());
		return KeyValues.of(KeyValue.of("http.request.method", (request != null) ? request.getMethod().name() : UNKNOWN),
				KeyValue.of("server.address", (uri != null && uri.getHost() != null) ? uri.getHost() : UNKNOWN),
				KeyValue.of("server.port", (uri != null) ? String.valueOf(port(uri)) : UNKNOWN),
				KeyValue.of("http.response.status_code", (status != null) ? String.valueOf(status) : UNKNOWN),
				KeyValue.of("error.type", errorType(context.getError(), status)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		return (request != null) ? KeyValues.of(KeyValue.of("url.full", request.getURI().toString()))
				: KeyValues.empty();
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static Integer status(ClientHttpResponse response) {
		if (response == null) {
			return null;
		}
		try {
			return response.getStatusCode().value();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The exception's class, else the status code from 400 on, else {@code none}. */
	static String errorType(Throwable error, Integer status) {
		if (error != null) {
			return error.getClass().getName();
		}
		if (status != null && status >= 400) {
			return String.valueOf(status);
		}
		return "none";
	}

}
