package io.llmplatform.telemetry.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * Counts the log records of every batch its delegate failed to deliver.
 */
public class DropCountingLogRecordExporter implements LogRecordExporter {

	private final LogRecordExporter delegate;

	private final DroppedTelemetry dropped;

	public DropCountingLogRecordExporter(LogRecordExporter delegate, DroppedTelemetry dropped) {
		this.delegate = delegate;
		this.dropped = dropped;
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> logs) {
		return this.dropped.countFailure("logs", logs.size(), this.delegate.export(logs));
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
