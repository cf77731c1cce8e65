package io.llmplatform.simulator.engine;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * What one simulated model records, in vLLM's terms: the data points of its own series in the
 * simulator's Prometheus registry (see {@code EngineMetricFamilies}).
 */
public record EngineMetrics(DistributionDataPoint timeToFirstToken, DistributionDataPoint interTokenLatency,
		DistributionDataPoint e2eRequestLatency, DistributionDataPoint queueTime, CounterDataPoint promptTokens,
		CounterDataPoint generationTokens, CounterDataPoint finishedStop, CounterDataPoint finishedLength,
		CounterDataPoint finishedAbort) {

	void finished(String reason) {
		switch (reason) {
			case "stop" -> finishedStop.inc();
			case "length" -> finishedLength.inc();
			default -> finishedAbort.inc();
		}
	}

	/** Records {@code times} observations of one value (a non-streamed answer's equal inter-token gaps). */
	static void observe(DistributionDataPoint histogram, double value, long times) {
		for (long i = 0; i < times; i++) {
			histogram.observe(value);
		}
	}

}
