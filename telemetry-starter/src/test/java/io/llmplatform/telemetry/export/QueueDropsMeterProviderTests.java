package io.llmplatform.telemetry.export;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueDropsMeterProviderTests {

	@Test
	void spansDroppedByAFullQueueAreCounted() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		DroppedTelemetry dropped = new DroppedTelemetry(() -> registry, Duration.ofMinutes(1));
		CountDownLatch release = new CountDownLatch(1);
		BatchSpanProcessor processor = BatchSpanProcessor.builder(new StuckExporter(release))
			.setMaxQueueSize(2)
			.setMaxExportBatchSize(1)
			.setScheduleDelay(Duration.ofMillis(1))
			.setMeterProvider(new QueueDropsMeterProvider(dropped))
			.build();
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
			Tracer tracer = tracerProvider.get("test");
			for (int i = 0; i < 10; i++) {
				tracer.spanBuilder("span-" + i).startSpan().end();
			}
			// At most one span is in the stuck export and two wait in the queue: the rest were dropped.
			assertThat(registry.get("telemetry.export.dropped").tag("signal", "traces").counter().count())
				.isGreaterThanOrEqualTo(7);
			release.countDown();
		}
	}

	@Test
	void logRecordsDroppedByAFullQueueAreCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		DroppedTelemetry dropped = new DroppedTelemetry(() -> registry, Duration.ofMinutes(1));
		CountDownLatch release = new CountDownLatch(1);
		io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor processor = io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor
			.builder(new StuckLogExporter(release))
			.setMaxQueueSize(2)
			.setMaxExportBatchSize(1)
			.setScheduleDelay(Duration.ofMillis(1))
			.setMeterProvider(new QueueDropsMeterProvider(dropped))
			.build();
		try (io.opentelemetry.sdk.logs.SdkLoggerProvider loggerProvider = io.opentelemetry.sdk.logs.SdkLoggerProvider
			.builder()
			.addLogRecordProcessor(processor)
			.build()) {
			for (int i = 0; i < 10; i++) {
				loggerProvider.get("test").logRecordBuilder().setBody("record " + i).emit();
			}
			assertThat(registry.get("telemetry.export.dropped").tag("signal", "logs").counter().count())
				.isGreaterThanOrEqualTo(7);
			release.countDown();
		}
	}

	@Test
	void spansThatFitAreNotCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		DroppedTelemetry dropped = new DroppedTelemetry(() -> registry, Duration.ofMinutes(1));
		BatchSpanProcessor processor = BatchSpanProcessor.builder(new StuckExporter(new CountDownLatch(0)))
			.setMeterProvider(new QueueDropsMeterProvider(dropped))
			.build();
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
			for (int i = 0; i < 10; i++) {
				tracerProvider.get("test").spanBuilder("span-" + i).startSpan().end();
			}
			tracerProvider.forceFlush();
		}
		assertThat(registry.find("telemetry.export.dropped").counter()).isNull();
	}

	/** Holds every export until released, as a hung collector does. */
	record StuckLogExporter(CountDownLatch release) implements io.opentelemetry.sdk.logs.export.LogRecordExporter {

		@Override
		public CompletableResultCode export(Collection<io.opentelemetry.sdk.logs.data.LogRecordData> logs) {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	/** Holds every export until released, as a hung collector does. */
	record StuckExporter(CountDownLatch release) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
