package io.llmplatform.gateway.observation;

import java.net.URI;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The gateway's call to a team as an OpenTelemetry HTTP client span and metric, in place of
 * Spring Cloud Gateway's default ({@code HTTP POST} spans with the deprecated
 * {@code http.method}, {@code http.status_code} and {@code http.uri}):
 * <ul>
 * <li>span name: the method ({@code POST}), as the HTTP span conventions name client spans
 * without a URL template;</li>
 * <li>metric {@code http.client.request.duration} (Prometheus
 * {@code http_client_request_duration_seconds_*}), the conventions' name; no dashboard
 * queried the previous {@code http.client.requests};</li>
 * <li>low cardinality (span and metric): {@code http.request.method}, {@code server.address},
 * {@code server.port}, {@code http.response.status_code} ({@code UNKNOWN} when no answer
 * came), {@code error.type} (the status code from 400 on, else the exception's class,
 * else {@code none}, as Spring's server convention, so that the metric keeps one label
 * set) and {@code spring.cloud.gateway.route.id};</li>
 * <li>high cardinality (span only): {@code url.full}, the URL the team was called at.</li>
 * </ul>
 * The span attributes leave typed: see telemetry-starter's {@code SpanAttributeTypes}.
 */
public class OpenTelemetryGatewayObservationConvention implements GatewayObservationConvention {

	/** The metric (and observation) name. */
	public static final String NAME = "http.client.request.duration";

	private static final String UNKNOWN = "UNKNOWN";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(GatewayContext context) {
		return context.getRequest().getMethod().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GatewayContext context) {
		URI target = target(context);
		HttpStatusCode status = status(context);
		Route route = context.getServerWebExchange().getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return KeyValues.of(KeyValue.of("http.request.method", context.getRequest().getMethod().name()),
				KeyValue.of("server.address", (target.getHost() != null) ? target.getHost() : UNKNOWN),
				KeyValue.of("server.port", String.valueOf(port(target))),
				KeyValue.of("http.response.status_code", (status != null) ? String.valueOf(status.value()) : UNKNOWN),
				KeyValue.of("error.type", errorType(context, status)),
				KeyValue.of("spring.cloud.gateway.route.id", (route != null) ? route.getId() : UNKNOWN));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(GatewayContext context) {
		return KeyValues.of(KeyValue.of("url.full", target(context).toString()));
	}

	/** Where the gateway sends the request: the routed URL, else the incoming one. */
	private static URI target(GatewayContext context) {
		URI routed = context.getServerWebExchange().getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		return (routed != null) ? routed : context.getRequest().getURI();
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static HttpStatusCode status(GatewayContext context) {
		ServerHttpResponse response = context.getResponse();
		return (response != null) ? response.getStatusCode() : null;
	}

	private static String errorType(GatewayContext context, HttpStatusCode status) {
		if (context.getError() != null) {
			return context.getError().getClass().getName();
		}
		if (status != null && status.value() >= 400) {
			return String.valueOf(status.value());
		}
		return NONE;
	}

}
