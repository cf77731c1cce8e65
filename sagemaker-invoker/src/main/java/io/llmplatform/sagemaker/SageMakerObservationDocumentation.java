package io.llmplatform.sagemaker;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * What a SageMaker call emits beside the GenAI observation of genai-observation: the
 * {@code sagemaker.invoke.*} metrics (an observation of their own, recorded as meters only)
 * and the attributes added to the GenAI CLIENT span. Declared once; the catalogue
 * ({@link SageMakerCatalogue}) documents them from here.
 */
public enum SageMakerObservationDocumentation implements ObservationDocumentation {

	/**
	 * One InvokeEndpoint call as the caller saw it, successful or not: the
	 * {@code sagemaker.invoke.duration} timer and, on failure, the {@code sagemaker.invoke.errors}
	 * counter. Metrics only: the call's span is the GenAI span.
	 */
	INVOKE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSageMakerInvokeObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { MetricKeys.ENDPOINT, MetricKeys.TEAM, MetricKeys.MODEL_VERSION,
					MetricKeys.OUTCOME };
		}
	},

	/** The attributes the invoker adds to the GenAI CLIENT span of each call (span only). */
	GEN_AI_SPAN {
		@Override
		public String getName() {
			return "gen_ai.client.operation.duration";
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return SpanKeys.values();
		}
	};

	/** Labels of the {@code sagemaker.invoke.*} metrics. */
	public enum MetricKeys implements KeyName {

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

		/** See {@link SageMakerErrorTypes}; a label of the error counter only. */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error_type";
			}
		}

	}

	/** Attributes the invoker adds to the GenAI span (span only, never metric labels). */
	public enum SpanKeys implements KeyName {

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
