package io.llmplatform.telemetry.export;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.llmplatform.telemetry.catalogue.StarterCatalogue.ExportKeys;
import io.llmplatform.telemetry.catalogue.StarterCatalogue.ExportMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts telemetry lost on its way out ({@code telemetry.export.dropped}) and warns about it
 * at most once per interval and signal, so that a dead collector neither floods the log nor
 * goes unnoticed.
 */
public class DroppedTelemetry {

	private static final Log logger = LogFactory.getLog(DroppedTelemetry.class);

	private final Supplier<MeterRegistry> registry;

	private final long warnIntervalNanos;

	private final Map<String, AtomicLong> lastWarning = new ConcurrentHashMap<>();

	/**
	 * @param registry where the counter lives, looked up when first needed (exporters are
	 * created before the meter registries)
	 * @param warnInterval least time between two warnings of one signal
	 */
	public DroppedTelemetry(Supplier<MeterRegistry> registry, Duration warnInterval) {
		this.registry = registry;
		this.warnIntervalNanos = warnInterval.toNanos();
	}

	/**
	 * Counts the items of an export as dropped if it fails.
	 * @param signal {@code traces}, {@code logs} or {@code metrics}
	 * @param items how many items the export carries
	 * @param result the export's result
	 * @return the same result
	 */
	public CompletableResultCode countFailure(String signal, int items, CompletableResultCode result) {
		result.whenComplete(() -> {
			if (!result.isSuccess()) {
				Throwable failure = result.getFailureThrowable();
				dropped(signal, items, (failure != null) ? failure.toString()
						: "receiver unreachable, too slow or refused the data");
			}
		});
		return result;
	}

	/**
	 * Records lost items.
	 * @param signal {@code traces}, {@code logs} or {@code metrics}
	 * @param items how many were lost
	 * @param reason what went wrong, for the warning
	 */
	public void dropped(String signal, long items, String reason) {
		MeterRegistry meterRegistry = this.registry.get();
		if (meterRegistry != null) {
			Counter.builder(ExportMeters.DROPPED.getName())
				.description("Telemetry items lost on export")
				.tag(ExportKeys.SIGNAL.asString(), signal)
				.register(meterRegistry)
				.increment(items);
		}
		AtomicLong last = this.lastWarning.computeIfAbsent(signal, (key) -> new AtomicLong(Long.MIN_VALUE));
		long now = System.nanoTime();
		long previous = last.get();
		if ((previous == Long.MIN_VALUE || now - previous >= this.warnIntervalNanos)
				&& last.compareAndSet(previous, now)) {
			logger.warn("Dropped " + items + " " + signal + " item(s) on OTLP export (" + reason
					+ "); the application is unaffected. Further drops are counted in "
					+ ExportMeters.DROPPED.getName() + " and reported at most every "
					+ Duration.ofNanos(this.warnIntervalNanos).toSeconds() + "s.");
		}
	}

}
