package io.llmplatform.sagemaker.internal;

import io.llmplatform.sagemaker.SageMakerInvokeObservationContext;
import io.llmplatform.sagemaker.SageMakerInvokeObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Turns SageMaker invoke observations into the meters their convention names: a timer of the
 * observation's name and low-cardinality key values, and for a failed call one increment of the
 * error counter. Not Micrometer's {@code DefaultMeterObservationHandler}, whose timer adds an
 * {@code error} label and whose only counters are events named after the timer: the series
 * operators query would change. Internal: not a stable API.
 */
public final class SageMakerInvokeMeterObservationHandler
		implements MeterObservationHandler<SageMakerInvokeObservationContext> {

	private final MeterRegistry registry;

	private final SageMakerInvokeObservationConvention convention;

	public SageMakerInvokeMeterObservationHandler(MeterRegistry registry,
			SageMakerInvokeObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void onStart(SageMakerInvokeObservationContext context) {
		context.put(Timer.Sample.class, Timer.start(this.registry));
	}

	@Override
	public void onStop(SageMakerInvokeObservationContext context) {
		Timer.Sample sample = context.getRequired(Timer.Sample.class);
		sample.stop(Timer.builder(context.getName())
			.description("Duration of SageMaker InvokeEndpoint calls")
			.tags(tags(context.getLowCardinalityKeyValues()))
			.register(this.registry));
		if (context.getErrorType() != null) {
			Counter.builder(this.convention.getErrorsName())
				.description("Failed SageMaker InvokeEndpoint calls")
				.tags(tags(this.convention.getErrorKeyValues(context)))
				.register(this.registry)
				.increment();
		}
	}

	private static Tags tags(KeyValues keyValues) {
		Tags tags = Tags.empty();
		for (var keyValue : keyValues) {
			tags = tags.and(keyValue.getKey(), keyValue.getValue());
		}
		return tags;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SageMakerInvokeObservationContext;
	}

}
