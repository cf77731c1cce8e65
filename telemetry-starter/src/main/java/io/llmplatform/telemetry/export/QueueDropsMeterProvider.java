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
 * The OpenTelemetry {@link MeterProvider} handed to Spring Boot's batch span processor so
 * that spans it drops because its queue is full reach {@link DroppedTelemetry}: the
 * processor reports them on its {@code processedSpans} counter with {@code dropped=true}.
 * Every other instrument is a no-op.
 * <p>
 * Deliberately not an {@code SdkMeterProvider}: Spring Boot would make that the SDK's meter
 * provider and so swallow the application's OpenTelemetry API metrics.
 */
public class QueueDropsMeterProvider implements MeterProvider {

	/** The batch span processor's counter, in the SDK's legacy internal telemetry. */
	static final String PROCESSED_SPANS = "processedSpans";

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
			return PROCESSED_SPANS.equals(name) ? new ProcessedSpansBuilder(delegate) : delegate;
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

	private final class ProcessedSpansBuilder implements LongCounterBuilder {

		private final LongCounterBuilder noop;

		ProcessedSpansBuilder(LongCounterBuilder noop) {
			this.noop = noop;
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
			return new ProcessedSpans();
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

	}

	private final class ProcessedSpans implements LongCounter {

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
				QueueDropsMeterProvider.this.dropped.dropped("traces", value, "the span queue is full");
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
