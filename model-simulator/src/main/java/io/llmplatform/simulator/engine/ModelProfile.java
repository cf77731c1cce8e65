package io.llmplatform.simulator.engine;

import java.time.Duration;

/**
 * How one simulated model behaves: its latency model, its capacity and what it writes.
 *
 * @param timeToFirstToken prefill time once the request is scheduled (queueing comes on top)
 * @param interTokenLatency decode time of every output token after the first
 * @param maxNumSeqs sequences decoded at once (vLLM's {@code --max-num-seqs}); further requests wait
 * @param maxWaiting requests allowed to wait; beyond that the model answers "unavailable"
 * @param minOutputTokens shortest natural answer
 * @param maxOutputTokens longest natural answer; a smaller {@code max_tokens} truncates it
 * @param defaultMaxTokens {@code max_tokens} when the request gives none
 * @param maxModelLen context window: prompt plus {@code max_tokens} may not exceed it
 * @param kvCacheTokens KV-cache capacity in tokens; {@code vllm:kv_cache_usage_perc} is used/capacity
 * @param outputFormat what the model writes
 */
public record ModelProfile(Duration timeToFirstToken, Duration interTokenLatency, int maxNumSeqs, int maxWaiting,
		int minOutputTokens, int maxOutputTokens, int defaultMaxTokens, int maxModelLen, long kvCacheTokens,
		OutputFormat outputFormat) {

	public ModelProfile {
		if (maxNumSeqs < 1) {
			throw new IllegalArgumentException("max-num-seqs must be at least 1");
		}
		if (minOutputTokens < 1 || maxOutputTokens < minOutputTokens) {
			throw new IllegalArgumentException("need 1 <= min-output-tokens <= max-output-tokens");
		}
		if (timeToFirstToken.isNegative() || interTokenLatency.isNegative()) {
			throw new IllegalArgumentException("latencies cannot be negative");
		}
	}

	/** True when the model answers without any timer: the benchmark's case. */
	public boolean instantaneous() {
		return timeToFirstToken.isZero() && interTokenLatency.isZero();
	}

}
