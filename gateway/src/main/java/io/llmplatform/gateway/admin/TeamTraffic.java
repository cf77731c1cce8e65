package io.llmplatform.gateway.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.llmplatform.telemetry.catalogue.HistogramBuckets;

/**
 * Each team's recent traffic at the gateway, for the admin API: requests, server errors and a
 * latency histogram over the last {@value #WINDOW_SECONDS} seconds, in one-second slots. The
 * same requests as {@code gateway.requests}, kept here because a meter registry holds totals
 * since start, not a recent window.
 */
public class TeamTraffic {

	/** The window the rates and percentiles are over. */
	public static final int WINDOW_SECONDS = 60;

	private static final double[] BOUNDS = HistogramBuckets.REQUEST_DURATION_SECONDS;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	public TeamTraffic() {
		this(System::nanoTime);
	}

	TeamTraffic(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Counts one finished request.
	 * @param team the team of the request
	 * @param status its HTTP status
	 * @param seconds its duration
	 */
	public void record(String team, int status, double seconds) {
		this.windows.computeIfAbsent(team, (name) -> new Window()).record(second(), status >= 500, seconds);
	}

	/**
	 * The team's traffic over the window.
	 * @param team a team
	 * @return its figures (zeros without traffic)
	 */
	public Snapshot snapshot(String team) {
		Window window = this.windows.get(team);
		return (window != null) ? window.snapshot(second()) : new Snapshot(0, 0, 0, null);
	}

	private long second() {
		return this.nanoTime.getAsLong() / 1_000_000_000L;
	}

	/**
	 * A team's figures over the window.
	 *
	 * @param requests requests finished in the window
	 * @param requestsPerSecond their rate
	 * @param errorRatio the share that were server errors (5xx), 0 to 1
	 * @param p95Seconds the upper bound of the histogram bucket holding the 95th percentile (the last bound, 10 s,
	 * means at least that); null without traffic
	 */
	public record Snapshot(long requests, double requestsPerSecond, double errorRatio, Double p95Seconds) {

	}

	private static final class Window {

		private final long[] slotSecond = new long[WINDOW_SECONDS];

		private final long[] requests = new long[WINDOW_SECONDS];

		private final long[] errors = new long[WINDOW_SECONDS];

		private final long[][] buckets = new long[WINDOW_SECONDS][BOUNDS.length + 1];

		synchronized void record(long second, boolean error, double seconds) {
			int slot = slot(second);
			this.requests[slot]++;
			if (error) {
				this.errors[slot]++;
			}
			int bucket = 0;
			while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
				bucket++;
			}
			this.buckets[slot][bucket]++;
		}

		synchronized Snapshot snapshot(long now) {
			long total = 0;
			long failed = 0;
			long[] histogram = new long[BOUNDS.length + 1];
			for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
				if (now - this.slotSecond[slot] < WINDOW_SECONDS) {
					total += this.requests[slot];
					failed += this.errors[slot];
					for (int bucket = 0; bucket < histogram.length; bucket++) {
						histogram[bucket] += this.buckets[slot][bucket];
					}
				}
			}
			if (total == 0) {
				return new Snapshot(0, 0, 0, null);
			}
			long rank = (long) Math.ceil(total * 0.95);
			long seen = 0;
			Double p95 = null;
			for (int bucket = 0; bucket < histogram.length && p95 == null; bucket++) {
				seen += histogram[bucket];
				if (seen >= rank) {
					// Beyond the last bound: reported as that bound, "at least".
					p95 = BOUNDS[Math.min(bucket, BOUNDS.length - 1)];
				}
			}
			return new Snapshot(total, (double) total / WINDOW_SECONDS, (double) failed / total, p95);
		}

		private int slot(long second) {
			int slot = (int) (second % WINDOW_SECONDS);
			if (this.slotSecond[slot] != second) {
				this.slotSecond[slot] = second;
				this.requests[slot] = 0;
				this.errors[slot] = 0;
				java.util.Arrays.fill(this.buckets[slot], 0);
			}
			return slot;
		}

	}

}
