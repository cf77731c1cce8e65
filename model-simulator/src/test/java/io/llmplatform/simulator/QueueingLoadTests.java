package io.llmplatform.simulator;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent streams beyond {@code max-num-seqs} build a queue: {@code vllm:num_requests_waiting} rises
 * and time to first token grows, as read from the real {@code /metrics}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "simulator.overrides.llm-baseline.max-num-seqs=4",
				"simulator.overrides.llm-baseline.time-to-first-token=30ms",
				"simulator.overrides.llm-baseline.inter-token-latency=5ms",
				"simulator.overrides.llm-baseline.min-output-tokens=10",
				"simulator.overrides.llm-baseline.max-output-tokens=10" })
class QueueingLoadTests {

	private static final Map<String, String> MODEL = Map.of("model_name", "llm-baseline");

	private static final int CONCURRENT_STREAMS = 24;

	@LocalServerPort
	int port;

	@Test
	void concurrentStreamsQueueAndTimeToFirstTokenGrows() throws Exception {
		SimulatorClient client = new SimulatorClient(port);
		for (int i = 0; i < 4; i++) {
			assertThat(client.post("/v1/chat/completions", streamRequest(i)).statusCode()).isEqualTo(200);
		}
		PrometheusTextParser unloaded = client.metrics();
		double unloadedTtft = meanTtft(unloaded, null);
		assertThat(unloaded.require("vllm:num_requests_waiting", MODEL)).isZero();

		List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
		for (int i = 0; i < CONCURRENT_STREAMS; i++) {
			streams.add(client.postAsync("/v1/chat/completions", streamRequest(100 + i)));
		}
		double maxWaiting = 0;
		double maxRunning = 0;
		double maxKvCache = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!allDone(streams) && System.nanoTime() < deadline) {
			PrometheusTextParser during = client.metrics();
			maxWaiting = Math.max(maxWaiting, during.require("vllm:num_requests_waiting", MODEL));
			maxRunning = Math.max(maxRunning, during.require("vllm:num_requests_running", MODEL));
			maxKvCache = Math.max(maxKvCache, during.require("vllm:kv_cache_usage_perc", MODEL));
			Thread.sleep(10);
		}
		for (CompletableFuture<HttpResponse<String>> stream : streams) {
			HttpResponse<String> response = stream.get(20, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).endsWith("data: [DONE]\n\n");
		}
		PrometheusTextParser loaded = client.metrics();
		double loadedTtft = meanTtft(loaded, unloaded);

		assertThat(maxWaiting).isGreaterThan(0);
		assertThat(maxRunning).isLessThanOrEqualTo(4).isGreaterThan(0);
		assertThat(maxKvCache).isGreaterThan(0).isLessThanOrEqualTo(1);
		// 24 streams through 4 slots, each holding its slot ~75 ms: the average wait alone is ~190 ms.
		assertThat(loadedTtft).isGreaterThan(2 * unloadedTtft).isGreaterThan(0.1);
		assertThat(loaded.require("vllm:num_requests_waiting", MODEL)).isZero();
		assertThat(loaded.require("vllm:num_requests_running", MODEL)).isZero();
		assertThat(loaded.require("vllm:request_success_total", Map.of("model_name", "llm-baseline",
				"finished_reason", "stop"))).isEqualTo(4 + CONCURRENT_STREAMS);
		assertThat(loaded.require("vllm:generation_tokens_total", MODEL)).isEqualTo(10.0 * (4 + CONCURRENT_STREAMS));
		assertThat(loaded.require("vllm:request_queue_time_seconds_sum", MODEL)).isGreaterThan(1.0);
		assertThat(loaded.require("vllm:inter_token_latency_seconds_count", MODEL)).isEqualTo(9.0 * (4 + CONCURRENT_STREAMS));
	}

	/** Mean TTFT of the requests since {@code before} (or all of them), from the histogram's sum and count. */
	private static double meanTtft(PrometheusTextParser now, PrometheusTextParser before) {
		double sum = now.require("vllm:time_to_first_token_seconds_sum", MODEL);
		double count = now.require("vllm:time_to_first_token_seconds_count", MODEL);
		if (before != null) {
			sum -= before.require("vllm:time_to_first_token_seconds_sum", MODEL);
			count -= before.require("vllm:time_to_first_token_seconds_count", MODEL);
		}
		assertThat(count).isPositive();
		return sum / count;
	}

	private static boolean allDone(List<CompletableFuture<HttpResponse<String>>> streams) {
		return streams.stream().allMatch(CompletableFuture::isDone);
	}

	private static String streamRequest(int n) {
		return "{\"model\": \"llm-baseline\", \"stream\": true, \"max_tokens\": 64, \"messages\": "
				+ "[{\"role\": \"user\", \"content\": \"question number " + n + "\"}]}";
	}

}
