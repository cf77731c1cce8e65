package io.llmplatform.simulator.metrics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.llmplatform.simulator.engine.EngineMetrics;
import io.llmplatform.simulator.engine.ModelEngine;

/**
 * Writes a group of models' metrics under one naming scheme: vLLM's own names ({@code vllm:*} with
 * {@code model_name} and {@code engine}) for vLLM models, {@code simulator_endpoint_*} with
 * {@code endpoint} for SageMaker endpoints (real SageMaker has no Prometheus endpoint, so these carry
 * the simulator's prefix rather than pretending to be vLLM).
 */
public final class EngineMetricsWriter {

	private final String prefix;

	private final Function<ModelEngine, Map<String, String>> labels;

	private EngineMetricsWriter(String prefix, Function<ModelEngine, Map<String, String>> labels) {
		this.prefix = prefix;
		this.labels = labels;
	}

	public static EngineMetricsWriter vllm() {
		return new EngineMetricsWriter("vllm:", engine -> {
			Map<String, String> labels = new LinkedHashMap<>();
			labels.put("engine", "0");
			labels.put("model_name", engine.name());
			return labels;
		});
	}

	public static EngineMetricsWriter sageMakerEndpoints() {
		return new EngineMetricsWriter("simulator_endpoint_", engine -> {
			Map<String, String> labels = new LinkedHashMap<>();
			labels.put("endpoint", engine.name());
			return labels;
		});
	}

	public void write(PrometheusText out, Collection<ModelEngine> engines) {
		if (engines.isEmpty()) {
			return;
		}
		gauge(out, engines, "num_requests_running", "Number of requests in model execution batches.",
				ModelEngine::running);
		gauge(out, engines, "num_requests_waiting", "Number of requests waiting to be processed.",
				ModelEngine::waiting);
		gauge(out, engines, "kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
				ModelEngine::kvCacheUsage);
		counter(out, engines, "prompt_tokens_total", "Number of prefill tokens processed.",
				engine -> engine.metrics().promptTokens.sum());
		counter(out, engines, "generation_tokens_total", "Number of generation tokens processed.",
				engine -> engine.metrics().generationTokens.sum());
		out.family(prefix + "request_success_total", "counter", "Count of successfully processed requests.");
		for (ModelEngine engine : engines) {
			EngineMetrics metrics = engine.metrics();
			out.sample(prefix + "request_success_total", withReason(engine, "abort"), metrics.finishedAbort.sum());
			out.sample(prefix + "request_success_total", withReason(engine, "length"), metrics.finishedLength.sum());
			out.sample(prefix + "request_success_total", withReason(engine, "stop"), metrics.finishedStop.sum());
		}
		histogram(out, engines, "time_to_first_token_seconds", "Histogram of time to first token in seconds.",
				metrics -> metrics.timeToFirstToken);
		histogram(out, engines, "inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
				metrics -> metrics.interTokenLatency);
		histogram(out, engines, "e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
				metrics -> metrics.e2eRequestLatency);
		histogram(out, engines, "request_queue_time_seconds",
				"Histogram of time spent in WAITING phase for request.", metrics -> metrics.queueTime);
	}

	private void gauge(PrometheusText out, Collection<ModelEngine> engines, String name, String help,
			ToDoubleFunction<ModelEngine> value) {
		out.family(prefix + name, "gauge", help);
		for (ModelEngine engine : engines) {
			out.sample(prefix + name, labels.apply(engine), value.applyAsDouble(engine));
		}
	}

	private void counter(PrometheusText out, Collection<ModelEngine> engines, String name, String help,
			ToDoubleFunction<ModelEngine> value) {
		out.family(prefix + name, "counter", help);
		for (ModelEngine engine : engines) {
			out.sample(prefix + name, labels.apply(engine), value.applyAsDouble(engine));
		}
	}

	private void histogram(PrometheusText out, Collection<ModelEngine> engines, String name, String help,
			Function<EngineMetrics, Histogram> histogram) {
		out.family(prefix + name, "histogram", help);
		for (ModelEngine engine : engines) {
			out.histogram(prefix + name, labels.apply(engine), histogram.apply(engine.metrics()));
		}
	}

	private Map<String, String> withReason(ModelEngine engine, String reason) {
		Map<String, String> labels = new LinkedHashMap<>(this.labels.apply(engine));
		labels.put("finished_reason", reason);
		return labels;
	}

}
