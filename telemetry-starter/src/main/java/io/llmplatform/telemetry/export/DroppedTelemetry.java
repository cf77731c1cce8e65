package io.llmplatform.telemetry.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.llmplatform.telemetry.catalogue.StarterCatalogue.ExportKeys;
import io.llmplatform.telemetry.catalogue.StarterCatalogue.ExportMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Telemetry lost on its way out, as its counters count it (spans and log records in the SDK's
 * own processor metrics, {@link SdkProcessorMetrics}; metric data points in the failed pushes
 * of Micrometer's OTLP registry, {@link MetricPushFailures}): served as
 * {@code telemetry.export.dropped} per signal, and reported in a warning at most once per
 * interval and signal, so that a dead collector neither floods the log nor goes unnoticed.
 */
public class DroppedTelemetry implements MeterBinder, DisposableBean {

	private static final Log logger = LogFactory.getLog(DroppedTelemetry.class);

	private final List<LostTelemetryCounter> counters;

	private final Duration warnInterval;

	private final Map<String, Long> reported = new ConcurrentHashMap<>();

	private final ScheduledExecutorService warnings = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "telemetry-drop-warnings");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param counters what counts the losses, each of its own signals
	 * @param warnInterval least time between two warnings of one signal
	 */
	public DroppedTelemetry(List<LostTelemetryCounter> counters, Duration warnInterval) {
		this.counters = List.copyOf(counters);
		this.warnInterval = warnInterval;
		this.warnings.schedule(this::warnOfNewDrops, 5, TimeUnit.SECONDS);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (LostTelemetryCounter counter : this.counters) {
			for (String signal : counter.signals()) {
				FunctionCounter.builder(ExportMeters.DROPPED.getName(), counter, (lost) -> lost.lost(signal))
					.description("Telemetry items lost on export")
					.tag(ExportKeys.SIGNAL.asString(), signal)
					.register(registry);
			}
		}
	}

	/** Warns of drops since the last warning; then waits the interval before looking again. */
	void warnOfNewDrops() {
		boolean warned = false;
		for (LostTelemetryCounter counter : this.counters) {
			for (String signal : counter.signals()) {
				warned |= warnIfMoreLost(signal, counter.lost(signal));
			}
		}
		Duration next = warned ? this.warnInterval : Duration.ofSeconds(5);
		if (!this.warnings.isShutdown()) {
			this.warnings.schedule(this::warnOfNewDrops, next.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private boolean warnIfMoreLost(String signal, long lost) {
		long before = this.reported.getOrDefault(signal, 0L);
		if (lost <= before) {
			return false;
		}
		this.reported.put(signal, lost);
		logger.warn("Dropped " + (lost - before) + " " + signal
				+ " item(s) on OTLP export (receiver unreachable, too slow or refused the data, or the queue"
				+ " was full); the application is unaffected. Drops are counted in " + ExportMeters.DROPPED.getName()
				+ " and reported at most every " + this.warnInterval.toSeconds() + "s.");
		return true;
	}

	@Override
	public void destroy() {
		this.warnings.shutdownNow();
	}

}
