package io.llmplatform.gateway.observation;

import java.util.List;

import io.llmplatform.gateway.security.ApiKeyGatewayFilterFactory;
import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramBuckets;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.llmplatform.telemetry.catalogue.StarterCatalogue;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * What the gateway emits beyond every service's telemetry: its own SERVER span of the requests
 * under {@code /api/**}, requests and their duration by team and status, and its calls to the
 * routed services. Listed in {@code META-INF/spring.factories}; the catalogue gives the
 * histogram its buckets and renders {@code docs/telemetry.md}.
 */
public class GatewayCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "Gateway";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of(ApiRequestDocumentation.API_REQUEST, UpstreamCallDocumentation.UPSTREAM_CALL);
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(GatewayRequestCounter.REQUESTS, GatewayRequestTimer.REQUEST_DURATION,
				GatewayQuotaCounter.REJECTIONS, GatewayQuotaCounter.STORE_FAILURES, UpstreamCallTimer.DURATION);
	}

	/** A request under {@code /api/**} at the gateway ({@link ApiRequestTelemetryHandler}). */
	public enum ApiRequestDocumentation implements ObservationDocumentation {

		/** One SERVER span per request under {@code /api/**}, named as the HTTP server span conventions name spans. */
		@Description("SERVER span per request under `/api/**`, named `{http.request.method} {http.route}` (or the method alone without a route), OpenTelemetry HTTP server conventions, typed, status ERROR from 500 on; it records `http.server.request.duration` and the gateway's request meters.")
		API_REQUEST {
			@Override
			public String getName() {
				return StarterCatalogue.HttpServerMeters.REQUEST_DURATION.getName();
			}

			@Override
			public String getContextualName() {
				return "{http.request.method} {http.route}";
			}

			@Override
			public KeyName[] getLowCardinalityKeyNames() {
				return StarterCatalogue.HttpServerKeys.values();
			}

			@Override
			public KeyName[] getHighCardinalityKeyNames() {
				return ApiRequestSpanKeys.values();
			}
		}

	}

	/** Attributes of the gateway's SERVER span that are no metric's labels. */
	public enum ApiRequestSpanKeys implements KeyName {

		/** The path of the request, e.g. {@code /api/quant/predict}. */
		URL_PATH {
			@Override
			public String asString() {
				return "url.path";
			}
		},

		/** The configured team of the path, or {@code unknown}. */
		TEAM {
			@Override
			public String asString() {
				return TeamObservationWebFilter.TEAM;
			}
		},

		/** The request's correlation id ({@code X-Correlation-ID}, sent or made up). */
		CORRELATION_ID {
			@Override
			public String asString() {
				return CorrelationIdFilter.CORRELATION_ID;
			}
		},

		/** The first 8 hex digits of the SHA-256 of the accepted API key (never the key). */
		API_KEY_FINGERPRINT {
			@Override
			public String asString() {
				return ApiKeyGatewayFilterFactory.FINGERPRINT_ATTRIBUTE;
			}
		}

	}

	/** The gateway's call to the routed service ({@link UpstreamCallTelemetryFilter}). */
	public enum UpstreamCallDocumentation implements ObservationDocumentation {

		/** One CLIENT span per proxied request, named by the method as the HTTP client span conventions name spans without a URL template. */
		@Description("CLIENT span per proxied request, named `{http.request.method}` (OpenTelemetry HTTP client conventions, typed, status ERROR from 400 on); a child of the SERVER span, its context sent to the service.")
		UPSTREAM_CALL {
			@Override
			public String getName() {
				return UpstreamCallTimer.DURATION.getName();
			}

			@Override
			public String getContextualName() {
				return "{http.request.method}";
			}

			@Override
			public KeyName[] getLowCardinalityKeyNames() {
				return UpstreamCallKeys.values();
			}

			@Override
			public KeyName[] getHighCardinalityKeyNames() {
				return UpstreamCallSpanKeys.values();
			}
		}

	}

	/** Duration of the gateway's calls to the routed services. */
	public enum UpstreamCallTimer implements HistogramDocumentation {

		/** From just before the request is sent until the response's status and headers have arrived. */
		@Description("Duration of the gateway's calls to the routed services (OpenTelemetry HTTP client conventions), until the response headers.")
		DURATION {
			@Override
			public String getName() {
				return "http.client.request.duration";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.TIMER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return UpstreamCallKeys.values();
			}

			@Override
			public double[] getBuckets() {
				return HistogramBuckets.REQUEST_DURATION_SECONDS;
			}
		}

	}

	/** Attributes of the CLIENT span that are also labels of {@code http.client.request.duration}. */
	public enum UpstreamCallKeys implements KeyName {

		/** {@code POST}, the method of the proxied request. */
		METHOD {
			@Override
			public String asString() {
				return "http.request.method";
			}
		},

		/** Host of the routed service's URL. */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/** Port of the routed service's URL (an int on the span). */
		SERVER_PORT {
			@Override
			public String asString() {
				return "server.port";
			}
		},

		/** Status of the service's answer (an int on the span); {@code UNKNOWN} on the metric when none came. */
		STATUS_CODE {
			@Override
			public String asString() {
				return "http.response.status_code";
			}
		},

		/** The exception's class, {@code cancelled}, or the status from 400 on; {@code none} on the metric (absent from the span) on success. */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/** The Spring Cloud Gateway route, e.g. {@code team-quant}. */
		ROUTE_ID {
			@Override
			public String asString() {
				return "spring.cloud.gateway.route.id";
			}
		}

	}

	/** Span-only attributes of the CLIENT span. */
	public enum UpstreamCallSpanKeys implements KeyName {

		/** The URL the service was called at. */
		URL_FULL {
			@Override
			public String asString() {
				return "url.full";
			}
		}

	}

	/** Requests under {@code /api/**}, counted once each when the response is complete. */
	public enum GatewayRequestCounter implements MeterDocumentation {

		/** Every request under {@code /api/**}, including those the gateway rejected or could not proxy. */
		@Description("Requests under /api/** by team, HTTP status and outcome, including the gateway's own errors.")
		REQUESTS {
			@Override
			public String getName() {
				return "gateway.requests";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return GatewayKeys.values();
			}
		}

	}

	/** Latency of requests under {@code /api/**}, as the client saw it from the gateway. */
	public enum GatewayRequestTimer implements HistogramDocumentation {

		/** From the request's arrival at the gateway until its response is complete. */
		@Description("Duration of requests under /api/** from arrival at the gateway to the end of the response.")
		REQUEST_DURATION {
			@Override
			public String getName() {
				return "gateway.request.duration";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.TIMER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { GatewayKeys.TEAM, GatewayKeys.STATUS };
			}

			@Override
			public double[] getBuckets() {
				return HistogramBuckets.REQUEST_DURATION_SECONDS;
			}
		}

	}

	/** The quotas at work: requests refused because their team is over a quota, and a quota store that failed. */
	public enum GatewayQuotaCounter implements MeterDocumentation {

		/** Every 429 {@code quota-exceeded}, by team and by the quota that was exceeded. */
		@Description("Requests rejected with 429 quota-exceeded, by team and quota (requests or tokens).")
		REJECTIONS {
			@Override
			public String getName() {
				return "gateway.quota.rejections";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { GatewayKeys.TEAM, QuotaKeys.QUOTA };
			}
		},

		/**
		 * Every call to a shared quota store that failed or had no answer in time: the request was admitted
		 * uncounted ({@code check}), or its tokens were not charged ({@code charge}).
		 */
		@Description("Quota store calls that failed or timed out, by team and operation: `check` (the request was admitted uncounted) or `charge` (its tokens were not charged). The log says when an outage starts and ends, not once per call.")
		STORE_FAILURES {
			@Override
			public String getName() {
				return "gateway.quota.store.failures";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { GatewayKeys.TEAM, QuotaKeys.OPERATION };
			}
		}

	}

	/** Labels of the quota metrics beyond the team. */
	public enum QuotaKeys implements KeyName {

		/** {@code requests} (the request rate with its burst) or {@code tokens} (the token budget per minute). */
		QUOTA {
			@Override
			public String asString() {
				return "quota";
			}
		},

		/** {@code check} (a bucket asked before the request is proxied) or {@code charge} (the answer's tokens). */
		OPERATION {
			@Override
			public String asString() {
				return "operation";
			}
		}

	}

	/** Labels of the gateway metrics. */
	public enum GatewayKeys implements KeyName {

		/** The configured team of the path, or {@code unknown} (never the raw path segment). */
		TEAM {
			@Override
			public String asString() {
				return "team";
			}
		},

		/** HTTP status code of the response, e.g. {@code 200}, {@code 404}, {@code 504}. */
		STATUS {
			@Override
			public String asString() {
				return "status";
			}
		},

		/** {@code SUCCESS}, {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNKNOWN}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
