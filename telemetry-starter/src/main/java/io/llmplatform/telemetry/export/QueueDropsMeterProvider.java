package io.llmplatform.telemetry.export;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * The OpenTelemetry {@link MeterProvider} handed to the batch span and log record processors
 * so that what they drop because their queue is full reaches {@link DroppedTelemetry}: they
 * report it on their {@code processedSpans} and {@code processedLogs} counters with
 * {@code dropped=true}. Every other instrument is a no-op.
 * <p>
 * Deliberately not an {@code SdkMeterProvider}: Spring Boot would make that the SDK's meter
 * provider and so swallow the application's OpenTelemetry API metrics.
 */
public class QueueDropsMeterProvider implements MeterProvider {

	/** The batch processors' counters (the SDK's legacy internal telemetry) and the signal each counts. */
	static final java.util.Map<String, String> SIGNALS = java.util.Map.of("processedSpans", "traces", "processedLogs",
			"logs");

	static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private final MeterProvider noop = MeterProvider.noop();

	private final DroppedTelemetry dropped;

	public QueueDropsMeterProvider(DroppedTelemetry dropped) {
		this.dropped = dropped;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder delegate = this.noop.meterBuilder(instrumentationScopeName);
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return new DropsMeter(delegate.build());
			}

		};
	}

	private final class DropsMeter implements Meter {

		private final Meter noop;

		DropsMeter(Meter noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder delegate = this.noop.counterBuilder(name);
			String signal = SIGNALS.get(name);
			return (signal != null) ? new ProcessedItemsBuilder(delegate, signal) : delegate;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.noop.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.noop.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.noop.gaugeBuilder(name);
		}

	}

	private final class ProcessedItemsBuilder implements LongCounterBuilder {

		private final LongCounterBuilder noop;

		private final String signal;

		ProcessedItemsBuilder(LongCounterBuilder noop, String signal) {
			this.noop = noop;
			this.signal = signal;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.noop.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new ProcessedItems(this.signal);
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

	}

	private final class ProcessedItems implements LongCounter {

		private final String signal;

		ProcessedItems(String signal) {
			this.signal = signal;
		}

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
				QueueDropsMeterProvider.this.dropped.dropped(this.signal, value, "the export queue is full");
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
