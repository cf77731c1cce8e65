package io.llmplatform.telemetry.catalogue;

import java.util.List;

import io.llmplatform.genai.GenAiObservationDocumentation;
import io.llmplatform.telemetry.genai.GenAiMeterDocumentation;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * What every service using the starter emits: the HTTP server histogram, the GenAI client
 * call and the exporter's dropped-items counter.
 */
public class StarterCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "Every service (telemetry-starter)";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of(GenAiObservationDocumentation.values());
	}

	@Override
	public String description(Object item) {
		// Declared in genai-observation, which knows nothing of this catalogue.
		if (item == GenAiObservationDocumentation.CLIENT_OPERATION) {
			return "CLIENT span per model call, named `{gen_ai.operation.name} {gen_ai.request.model}`.";
		}
		return TelemetryCatalogueContributor.super.description(item);
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(HttpServerMeters.REQUEST_DURATION, GenAiMeterDocumentation.OPERATION_DURATION,
				GenAiMeterDocumentation.TOKEN_USAGE, GenAiMeterDocumentation.TIME_TO_FIRST_CHUNK,
				ExportMeters.DROPPED);
	}

	/** The inbound HTTP histogram, as Spring records it with the OpenTelemetry naming. */
	public enum HttpServerMeters implements HistogramDocumentation {

		/**
		 * Duration of inbound HTTP requests, named by the OpenTelemetry HTTP semantic conventions
		 * (Spring Framework's {@code OpenTelemetryServerRequestObservationConvention}).
		 */
		@Description("Duration of inbound HTTP requests (OpenTelemetry HTTP semantic conventions).")
		REQUEST_DURATION {
			@Override
			public String getName() {
				return "http.server.request.duration";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.TIMER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return HttpServerKeys.values();
			}

			@Override
			public double[] getBuckets() {
				return HistogramBuckets.REQUEST_DURATION_SECONDS;
			}
		}

	}

	/** Health of the telemetry pipeline itself. */
	public enum ExportMeters implements MeterDocumentation {

		/** Spans, log records and metric data points lost because the OTLP receiver failed or was too slow, or a queue was full. */
		@Description("Spans and log records (`traces`, `logs`) lost because the OTLP receiver failed, was too slow or a queue was full, as the OpenTelemetry SDK's processor metrics count them; metric data points (`metrics`) of the OTLP pushes that failed.")
		DROPPED {
			@Override
			public String getName() {
				return "telemetry.export.dropped";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return ExportKeys.values();
			}
		}

	}

	/** Labels of the HTTP server histogram. */
	public enum HttpServerKeys implements KeyName {

		/** HTTP method. */
		METHOD {
			@Override
			public String asString() {
				return "http.request.method";
			}
		},

		/** Route template, e.g. {@code /api/{team}/predict}. */
		ROUTE {
			@Override
			public String asString() {
				return "http.route";
			}
		},

		/** Response status code. */
		STATUS {
			@Override
			public String asString() {
				return "http.response.status_code";
			}
		},

		/** {@code http} or {@code https}. */
		SCHEME {
			@Override
			public String asString() {
				return "url.scheme";
			}
		},

		/** Exception class name, or {@code none}. */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/** {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, ... */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/** Labels of the dropped-items counter. */
	public enum ExportKeys implements KeyName {

		/** {@code traces} or {@code logs}: what the SDK's batch processors lost. */
		SIGNAL {
			@Override
			public String asString() {
				return "signal";
			}
		}

	}

}
