package io.llmplatform.telemetry.export;

import java.util.List;

/**
 * Counts the items of some signals that were lost on their way to the OTLP receiver, for
 * {@link DroppedTelemetry} to serve and report.
 */
public interface LostTelemetryCounter {

	/**
	 * The signals this counts.
	 * @return signal names as {@code telemetry.export.dropped} labels them ({@code traces}, {@code logs},
	 * {@code metrics})
	 */
	List<String> signals();

	/**
	 * Items of a signal lost since the start.
	 * @param signal one of {@link #signals()}
	 * @return the count
	 */
	long lost(String signal);

}
