package io.llmplatform.telemetry.export;

import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads the OpenTelemetry SDK's own metrics of its batch processors in process: each counts
 * the items it finished in {@code otel.sdk.processor.span.processed} and
 * {@code otel.sdk.processor.log.processed}, with {@code error.type} when an item was lost
 * (a full queue, or an export that failed or timed out). Registered on the SDK's meter
 * provider; exports nothing.
 */
public class SdkProcessorMetrics implements MetricReader, LostTelemetryCounter {

	/** The processors' counters and the signal each counts. */
	static final Map<String, String> PROCESSED = Map.of("otel.sdk.processor.span.processed", "traces",
			"otel.sdk.processor.log.processed", "logs");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private volatile CollectionRegistration registration = CollectionRegistration.noop();

	@Override
	public List<String> signals() {
		return List.of("traces", "logs");
	}

	/**
	 * Items of a signal the SDK lost since it started.
	 * @param signal {@code traces} or {@code logs}
	 * @return the count
	 */
	@Override
	public long lost(String signal) {
		long lost = 0;
		for (MetricData metric : this.registration.collectAllMetrics()) {
			if (signal.equals(PROCESSED.get(metric.getName()))) {
				for (LongPointData point : metric.getLongSumData().getPoints()) {
					if (point.getAttributes().get(ERROR_TYPE) != null) {
						lost += point.getValue();
					}
				}
			}
		}
		return lost;
	}

	@Override
	public void register(CollectionRegistration registration) {
		this.registration = registration;
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return AggregationTemporality.CUMULATIVE;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.registration = CollectionRegistration.noop();
		return CompletableResultCode.ofSuccess();
	}

}
