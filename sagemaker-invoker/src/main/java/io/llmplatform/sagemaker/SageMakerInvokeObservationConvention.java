package io.llmplatform.sagemaker;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Name and labels of the {@code sagemaker.invoke.*} metrics: the observation's name and
 * low-cardinality key values make the duration timer; the error counter's name and labels come
 * from the two methods below. Declare a bean to change them.
 */
public interface SageMakerInvokeObservationConvention
		extends ObservationConvention<SageMakerInvokeObservationContext> {

	/**
	 * Name of the counter of failed calls.
	 * @return the meter name
	 */
	String getErrorsName();

	/**
	 * Labels of the counter of failed calls.
	 * @param context a failed call
	 * @return the labels
	 */
	KeyValues getErrorKeyValues(SageMakerInvokeObservationContext context);

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SageMakerInvokeObservationContext;
	}

}
