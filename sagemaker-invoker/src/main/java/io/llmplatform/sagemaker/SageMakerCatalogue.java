package io.llmplatform.sagemaker;

import java.util.List;

import io.llmplatform.sagemaker.SageMakerObservationDocumentation.MetricKeys;
import io.llmplatform.telemetry.catalogue.Description;
import io.llmplatform.telemetry.catalogue.HistogramBuckets;
import io.llmplatform.telemetry.catalogue.HistogramDocumentation;
import io.llmplatform.telemetry.catalogue.TelemetryCatalogueContributor;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The SageMaker invoker's part of the telemetry catalogue, read from
 * {@link SageMakerObservationDocumentation}: the {@code sagemaker.invoke.*} metrics with the
 * duration's buckets, and the attributes added to the GenAI span. Listed in
 * {@code META-INF/spring.factories} and loaded only where telemetry-starter (the catalogue) is
 * on the class path.
 */
public class SageMakerCatalogue implements TelemetryCatalogueContributor {

	@Override
	public String title() {
		return "SageMaker invoker (sagemaker-invoker)";
	}

	@Override
	public List<ObservationDocumentation> observations() {
		return List.of(SageMakerObservationDocumentation.GEN_AI_SPAN);
	}

	@Override
	public List<MeterDocumentation> meters() {
		return List.of(SageMakerHistograms.INVOKE_DURATION, SageMakerCounters.INVOKE_ERRORS);
	}

	@Override
	public String description(Object item) {
		if (item == SageMakerObservationDocumentation.GEN_AI_SPAN) {
			return "The GenAI CLIENT span of a SageMaker call (`{operation} {model}`, `gen_ai.provider.name=aws.sagemaker`) carries these attributes too.";
		}
		return TelemetryCatalogueContributor.super.description(item);
	}

	/** The invoke duration histogram: the {@link SageMakerObservationDocumentation#INVOKE} timer. */
	public enum SageMakerHistograms implements HistogramDocumentation {

		/** Duration of one InvokeEndpoint call as the caller saw it, successful or not. */
		@Description("Duration of a SageMaker InvokeEndpoint call (the seeds' SageMaker latency), successful or not.")
		INVOKE_DURATION {
			@Override
			public String getName() {
				return DefaultSageMakerInvokeObservationConvention.INVOKE_DURATION;
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.TIMER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return SageMakerObservationDocumentation.INVOKE.getLowCardinalityKeyNames();
			}

			@Override
			public double[] getBuckets() {
				return HistogramBuckets.GEN_AI_DURATION_SECONDS;
			}
		}

	}

	/** The invoke error counter of {@link SageMakerObservationDocumentation#INVOKE}. */
	public enum SageMakerCounters implements MeterDocumentation {

		/** Failed InvokeEndpoint calls by what went wrong. */
		@Description("Failed SageMaker InvokeEndpoint calls by error type (timeout, throttled, model_error, invalid_request, context_length_exceeded, unavailable, internal, connection, unauthorized; see ErrorType).")
		INVOKE_ERRORS {
			@Override
			public String getName() {
				return DefaultSageMakerInvokeObservationConvention.INVOKE_ERRORS;
			}

			@Override
			public Meter.Type getType() {
				return Meter.Type.COUNTER;
			}

			@Override
			public KeyName[] getKeyNames() {
				return new KeyName[] { MetricKeys.ENDPOINT, MetricKeys.ERROR_TYPE };
			}
		}

	}

}
