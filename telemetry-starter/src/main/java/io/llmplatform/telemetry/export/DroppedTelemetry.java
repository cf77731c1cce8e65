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
 * Telemetry lost on its way out, as the SDK's own processor metrics count it
 * ({@link SdkProcessorMetrics}): served as {@code telemetry.export.dropped} per signal, and
 * reported in a warning at most once per interval and signal, so that a dead collector
 * neither floods the log nor goes unnoticed.
 */
public class DroppedTelemetry implements MeterBinder, DisposableBean {

	private static final Log logger = LogFactory.getLog(DroppedTelemetry.class);

	static final List<String> SIGNALS = List.of("traces", "logs");

	private final SdkProcessorMetrics sdkMetrics;

	private final Duration warnInterval;

	private final Map<String, Long> reported = new ConcurrentHashMap<>();

	private final ScheduledExecutorService warnings = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "telemetry-drop-warnings");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param sdkMetrics the SDK's processor metrics
	 * @param warnInterval least time between two warnings of one signal
	 */
	public DroppedTelemetry(SdkProcessorMetrics sdkMetrics, Duration warnInterval) {
		this.sdkMetrics = sdkMetrics;
		this.warnInterval = warnInterval;
		this.warnings.schedule(this::warnOfNewDrops, 5, TimeUnit.SECONDS);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String signal : SIGNALS) {
			FunctionCounter.builder(ExportMeters.DROPPED.getName(), this.sdkMetrics, (metrics) -> metrics.lost(signal))
				.description("Telemetry items lost on export")
				.tag(ExportKeys.SIGNAL.asString(), signal)
				.register(registry);
		}
	}

	/** Warns of drops since the last warning; then waits the interval before looking again. */
	void warnOfNewDrops() {
		boolean warned = false;
		for (String signal : SIGNALS) {
			long lost = this.sdkMetrics.lost(signal);
			long before = this.reported.getOrDefault(signal, 0L);
			if (lost > before) {
				this.reported.put(signal, lost);
				warned = true;
				logger.warn("Dropped " + (lost - before) + " " + signal
						+ " item(s) on OTLP export (receiver unreachable, too slow or refused the data, or the queue"
						+ " was full); the application is unaffected. Drops are counted in "
						+ ExportMeters.DROPPED.getName() + " and reported at most every "
						+ this.warnInterval.toSeconds() + "s.");
			}
		}
		Duration next = warned ? this.warnInterval : Duration.ofSeconds(5);
		if (!this.warnings.isShutdown()) {
			this.warnings.schedule(this::warnOfNewDrops, next.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void destroy() {
		this.warnings.shutdownNow();
	}

}
