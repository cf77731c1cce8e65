package io.llmplatform.telemetry.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Counts the spans of every batch its delegate failed to deliver.
 */
public class DropCountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final DroppedTelemetry dropped;

	public DropCountingSpanExporter(SpanExporter delegate, DroppedTelemetry dropped) {
		this.delegate = delegate;
		this.dropped = dropped;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return this.dropped.countFailure("traces", spans.size(), this.delegate.export(spans));
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "DropCounting(" + this.delegate + ")";
	}

}
