package io.llmplatform.sagemaker;

import java.util.List;

import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramBuckets;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.llmplatform.telemetry.genai.GenAiMeterDocumentation;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * What the SageMaker invoker emits, declared once: the {@code sagemaker.invoke.*} metrics and
 * the attributes it adds to the GenAI CLIENT span of each call. Listed in
 * {@code META-INF/spring.factories}, so the catalogue gives the duration histogram its buckets
 * and the documentation lists it. Meters are recorded with these names and keys only.
 */
public class SageMakerCatalogue implements TelemetryCatalogueContributor {

	/** {@code outcome} of a successful call. */
	public static final String OUTCOME_SUCCESS = "success";

	/** {@code outcome} of a failed call. */
	public static final String OUTCOME_ERROR = "error";

	@Override
	public String title() {
		return "SageMaker invoker (sagemaker-invoker)";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of(SageMakerObservation.values());
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(SageMakerHistograms.INVOKE_DURATION, SageMakerCounters.INVOKE_ERRORS);
	}

	/** The invoke duration histogram. */
	public enum SageMakerHistograms implements HistogramDocumentation {

		/** Duration of one InvokeEndpoint call as the caller saw it, successful or not. */
		@Description("Duration of a SageMaker InvokeEndpoint call (the seeds' SageMaker latency), successful or not.")
		INVOKE_DURATION {
			@Override
			public String getName() {
				return "sagemaker.invoke.duration";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.TIMER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { SageMakerMetricKeys.ENDPOINT, SageMakerMetricKeys.TEAM,
						SageMakerMetricKeys.MODEL_VERSION, SageMakerMetricKeys.OUTCOME };
			}

			@Override
			public double[] getBuckets() {
				return HistogramBuckets.GEN_AI_DURATION_SECONDS;
			}
		}

	}

	/** The invoke error counter. */
	public enum SageMakerCounters implements MeterDocumentation {

		/** Failed InvokeEndpoint calls by what went wrong. */
		@Description("Failed SageMaker InvokeEndpoint calls by error type (timeout, throttled, model_error, invalid_request, context_length_exceeded, unavailable, internal, connection, unauthorized; see ErrorType).")
		INVOKE_ERRORS {
			@Override
			public String getName() {
				return "sagemaker.invoke.errors";
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { SageMakerMetricKeys.ENDPOINT, SageMakerMetricKeys.ERROR_TYPE };
			}
		}

	}

	/** Labels of the {@code sagemaker.invoke.*} metrics. */
	public enum SageMakerMetricKeys implements KeyName {

		/** The SageMaker endpoint name. */
		ENDPOINT {
			@Override
			public String asString() {
				return "endpoint";
			}
		},

		/** The team calling ({@code platform.telemetry.team}, {@code unknown} when unset). */
		TEAM {
			@Override
			public String asString() {
				return "team";
			}
		},

		/** The configured version of the endpoint's model ({@code unknown} when not configured). */
		MODEL_VERSION {
			@Override
			public String asString() {
				return "model_version";
			}
		},

		/** {@code success} or {@code error}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** See {@link SageMakerErrorTypes}. */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error_type";
			}
		}

	}

	/** The span of a SageMaker call: the GenAI CLIENT span, with these attributes added. */
	public enum SageMakerObservation implements ObservationDocumentation {

		/**
		 * The one span of a SageMaker call; the SDK call itself gets no second span.
		 */
		@Description("The GenAI CLIENT span of a SageMaker call (`{operation} {model}`, `gen_ai.provider.name=aws.sagemaker`) carries these attributes too; the SDK call gets no span of its own.")
		INVOKE {
			@Override
			public String getName() {
				return GenAiMeterDocumentation.OPERATION_DURATION.getName();
			}

			@Override
			public KeyName[] getLowCardinalityKeyNames() {
				return new KeyName[0];
			}

			@Override
			public KeyName[] getHighCardinalityKeyNames() {
				return SageMakerSpanKeys.values();
			}
		}

	}

	/** Attributes the invoker adds to the GenAI span (span only, never metric labels). */
	public enum SageMakerSpanKeys implements KeyName {

		/** The SageMaker endpoint name (seed attribute). */
		SAGEMAKER_ENDPOINT {
			@Override
			public String asString() {
				return "sagemaker.endpoint";
			}
		},

		/** The configured model version (seed attribute). */
		MODEL_VERSION {
			@Override
			public String asString() {
				return "model.version";
			}
		},

		/** The calling team (seed attribute, {@code platform.telemetry.team}). */
		TEAM {
			@Override
			public String asString() {
				return "team";
			}
		},

		/** Always {@code aws-api} (OpenTelemetry AWS SDK conventions). */
		RPC_SYSTEM {
			@Override
			public String asString() {
				return "rpc.system";
			}
		},

		/** Always {@code SageMakerRuntime}. */
		RPC_SERVICE {
			@Override
			public String asString() {
				return "rpc.service";
			}
		},

		/** Always {@code InvokeEndpoint}. */
		RPC_METHOD {
			@Override
			public String asString() {
				return "rpc.method";
			}
		},

		/** The configured AWS region. */
		CLOUD_REGION {
			@Override
			public String asString() {
				return "cloud.region";
			}
		},

		/** The production variant that answered, when it did. */
		INVOKED_VARIANT {
			@Override
			public String asString() {
				return "sagemaker.invoked_variant";
			}
		}

	}

}
