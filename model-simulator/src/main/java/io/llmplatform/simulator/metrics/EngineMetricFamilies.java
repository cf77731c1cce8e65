package io.llmplatform.simulator.metrics;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.llmplatform.simulator.engine.EngineMetrics;
import io.llmplatform.simulator.engine.ModelEngine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One naming scheme's metric families: vLLM's own names ({@code vllm:*} with {@code engine} and
 * {@code model_name}) for vLLM models, {@code simulator_endpoint_*} with {@code endpoint} for SageMaker
 * endpoints (real SageMaker has no Prometheus endpoint, so these carry the simulator's prefix rather than
 * pretending to be vLLM). Buckets are vLLM's own so that dashboards and {@code histogram_quantile} behave
 * as they would against the real server.
 */
public final class EngineMetricFamilies {

	static final double[] TTFT_BUCKETS = { 0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
			2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0 };

	static final double[] ITL_BUCKETS = { 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
			5.0, 7.5, 10.0, 20.0, 40.0, 80.0 };

	static final double[] REQUEST_LATENCY_BUCKETS = { 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
			40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0 };

	private final Function<String, List<String>> labelValues;

	private final Histogram timeToFirstToken;

	private final Histogram interTokenLatency;

	private final Histogram e2eRequestLatency;

	private final Histogram queueTime;

	private final Counter promptTokens;

	private final Counter generationTokens;

	private final Counter requestSuccess;

	private EngineMetricFamilies(PrometheusRegistry registry, String prefix, List<String> labelNames,
			Function<String, List<String>> labelValues, Supplier<Collection<ModelEngine>> engines) {
		this.labelValues = labelValues;
		String[] names = labelNames.toArray(String[]::new);
		gauge(registry, prefix + "num_requests_running", "Number of requests in model execution batches.", names,
				engines, ModelEngine::running);
		gauge(registry, prefix + "num_requests_waiting", "Number of requests waiting to be processed.", names,
				engines, ModelEngine::waiting);
		gauge(registry, prefix + "kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", names, engines,
				ModelEngine::kvCacheUsage);
		this.promptTokens = counter(registry, prefix + "prompt_tokens", "Number of prefill tokens processed.", names);
		this.generationTokens = counter(registry, prefix + "generation_tokens",
				"Number of generation tokens processed.", names);
		this.requestSuccess = counter(registry, prefix + "request_success",
				"Count of successfully processed requests.", append(names, "finished_reason"));
		this.timeToFirstToken = histogram(registry, prefix + "time_to_first_token_seconds",
				"Histogram of time to first token in seconds.", names, TTFT_BUCKETS);
		this.interTokenLatency = histogram(registry, prefix + "inter_token_latency_seconds",
				"Histogram of inter-token latency in seconds.", names, ITL_BUCKETS);
		this.e2eRequestLatency = histogram(registry, prefix + "e2e_request_latency_seconds",
				"Histogram of e2e request latency in seconds.", names, REQUEST_LATENCY_BUCKETS);
		this.queueTime = histogram(registry, prefix + "request_queue_time_seconds",
				"Histogram of time spent in WAITING phase for request.", names, REQUEST_LATENCY_BUCKETS);
	}

	/** vLLM's series for the models that {@code models} supplies when scraped. */
	public static EngineMetricFamilies vllm(PrometheusRegistry registry, Supplier<Collection<ModelEngine>> models) {
		return new EngineMetricFamilies(registry, "vllm:", List.of("engine", "model_name"),
				model -> List.of("0", model), models);
	}

	/** The simulator's series for the SageMaker endpoints that {@code endpoints} supplies when scraped. */
	public static EngineMetricFamilies sageMakerEndpoints(PrometheusRegistry registry,
			Supplier<Collection<ModelEngine>> endpoints) {
		return new EngineMetricFamilies(registry, "simulator_endpoint_", List.of("endpoint"), List::of, endpoints);
	}

	/** The series of one model, present (at zero) on the scrape from now on. */
	public EngineMetrics forEngine(String name) {
		String[] labels = labelValues.apply(name).toArray(String[]::new);
		return new EngineMetrics(timeToFirstToken.labelValues(labels), interTokenLatency.labelValues(labels),
				e2eRequestLatency.labelValues(labels), queueTime.labelValues(labels), promptTokens.labelValues(labels),
				generationTokens.labelValues(labels), requestSuccess.labelValues(append(labels, "stop")),
				requestSuccess.labelValues(append(labels, "length")),
				requestSuccess.labelValues(append(labels, "abort")));
	}

	private void gauge(PrometheusRegistry registry, String name, String help, String[] labelNames,
			Supplier<Collection<ModelEngine>> engines, ToDoubleFunction<ModelEngine> value) {
		GaugeWithCallback.builder()
			.name(name)
			.help(help)
			.labelNames(labelNames)
			.callback(callback -> engines.get()
				.forEach(engine -> callback.call(value.applyAsDouble(engine),
						labelValues.apply(engine.name()).toArray(String[]::new))))
			.register(registry);
	}

	private static Counter counter(PrometheusRegistry registry, String name, String help, String[] labelNames) {
		return Counter.builder().name(name).help(help).labelNames(labelNames).withoutExemplars().register(registry);
	}

	private static Histogram histogram(PrometheusRegistry registry, String name, String help, String[] labelNames,
			double[] upperBounds) {
		return Histogram.builder()
			.name(name)
			.help(help)
			.labelNames(labelNames)
			.classicOnly()
			.classicUpperBounds(upperBounds)
			.withoutExemplars()
			.register(registry);
	}

	private static String[] append(String[] values, String last) {
		String[] all = java.util.Arrays.copyOf(values, values.length + 1);
		all[values.length] = last;
		return all;
	}

}
