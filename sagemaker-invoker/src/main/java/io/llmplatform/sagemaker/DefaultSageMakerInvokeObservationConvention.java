package io.llmplatform.sagemaker;

import io.llmplatform.sagemaker.SageMakerObservationDocumentation.MetricKeys;
import io.micrometer.common.KeyValues;

/**
 * The names operators query (DESIGN.md's metric catalogue, the dashboards and alerts):
 * {@code sagemaker.invoke.duration} by {@code endpoint}, {@code team}, {@code model_version} and
 * {@code outcome}; {@code sagemaker.invoke.errors} by {@code endpoint} and {@code error_type}.
 */
public class DefaultSageMakerInvokeObservationConvention implements SageMakerInvokeObservationConvention {

	/** The observation's name, which is the name of its timer. */
	public static final String INVOKE_DURATION = "sagemaker.invoke.duration";

	/** The counter of failed calls. */
	public static final String INVOKE_ERRORS = "sagemaker.invoke.errors";

	/** {@code outcome} of a successful call. */
	public static final String OUTCOME_SUCCESS = "success";

	/** {@code outcome} of a failed call. */
	public static final String OUTCOME_ERROR = "error";

	/** Shared instance. */
	public static final DefaultSageMakerInvokeObservationConvention INSTANCE = new DefaultSageMakerInvokeObservationConvention();

	@Override
	public String getName() {
		return INVOKE_DURATION;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SageMakerInvokeObservationContext context) {
		return KeyValues.of(MetricKeys.ENDPOINT.withValue(context.getEndpoint()),
				MetricKeys.TEAM.withValue(context.getTeam()),
				MetricKeys.MODEL_VERSION.withValue(context.getModelVersion()),
				MetricKeys.OUTCOME.withValue((context.getErrorType() != null) ? OUTCOME_ERROR : OUTCOME_SUCCESS));
	}

	@Override
	public KeyValues getErrorKeyValues(SageMakerInvokeObservationContext context) {
		return KeyValues.of(MetricKeys.ENDPOINT.withValue(context.getEndpoint()),
				MetricKeys.ERROR_TYPE.withValue(String.valueOf(context.getErrorType())));
	}

	@Override
	public String getErrorsName() {
		return INVOKE_ERRORS;
	}

}
