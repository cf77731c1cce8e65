package io.llmplatform.simulator.engine;

import java.util.concurrent.atomic.LongAdder;

import io.llmplatform.simulator.metrics.Histogram;

/**
 * What one simulated model has done, in vLLM's terms. Buckets are vLLM's own so that dashboards and
 * {@code histogram_quantile} behave as they would against the real server.
 */
public final class EngineMetrics {

	static final double[] TTFT_BUCKETS = { 0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
			2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0 };

	static final double[] ITL_BUCKETS = { 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
			5.0, 7.5, 10.0, 20.0, 40.0, 80.0 };

	static final double[] REQUEST_LATENCY_BUCKETS = { 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
			40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0 };

	public final Histogram timeToFirstToken = new Histogram(TTFT_BUCKETS);

	public final Histogram interTokenLatency = new Histogram(ITL_BUCKETS);

	public final Histogram e2eRequestLatency = new Histogram(REQUEST_LATENCY_BUCKETS);

	public final Histogram queueTime = new Histogram(REQUEST_LATENCY_BUCKETS);

	public final LongAdder promptTokens = new LongAdder();

	public final LongAdder generationTokens = new LongAdder();

	public final LongAdder finishedStop = new LongAdder();

	public final LongAdder finishedLength = new LongAdder();

	public final LongAdder finishedAbort = new LongAdder();

	void finished(String reason) {
		switch (reason) {
			case "stop" -> finishedStop.increment();
			case "length" -> finishedLength.increment();
			default -> finishedAbort.increment();
		}
	}

}
