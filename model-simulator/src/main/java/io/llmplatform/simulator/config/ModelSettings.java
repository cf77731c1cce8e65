package io.llmplatform.simulator.config;

import java.time.Duration;

import io.llmplatform.simulator.engine.ModelProfile;
import io.llmplatform.simulator.engine.OutputFormat;

/**
 * Latency, capacity and output of a simulated model, as bound from configuration. Under
 * {@code simulator.defaults} every field has a value; under {@code simulator.overrides.<name>} only the
 * fields given replace the defaults.
 */
public class ModelSettings {

	/** Prefill time once scheduled (queueing comes on top). */
	private Duration timeToFirstToken;

	/** Decode time of each output token after the first. */
	private Duration interTokenLatency;

	/** Sequences decoded at once (vLLM's --max-num-seqs); further requests wait in a queue. */
	private Integer maxNumSeqs;

	/** Requests allowed to wait; beyond, the model answers "unavailable" (503). */
	private Integer maxWaiting;

	/** Shortest natural answer, in tokens. */
	private Integer minOutputTokens;

	/** Longest natural answer, in tokens; a smaller max_tokens truncates it (finish reason "length"). */
	private Integer maxOutputTokens;

	/** max_tokens when a request gives none. */
	private Integer defaultMaxTokens;

	/** Context window: prompt tokens plus max_tokens may not exceed it (400 otherwise). */
	private Integer maxModelLen;

	/** KV-cache capacity in tokens, the denominator of vllm:kv_cache_usage_perc. */
	private Long kvCacheTokens;

	/** What the model writes: prose, or judge-json ({"score": 1..5, "rationale": "..."}). */
	private OutputFormat outputFormat;

	static ModelSettings builtInDefaults() {
		ModelSettings settings = new ModelSettings();
		settings.timeToFirstToken = Duration.ofMillis(20);
		settings.interTokenLatency = Duration.ofMillis(2);
		settings.maxNumSeqs = 16;
		settings.maxWaiting = 1024;
		settings.minOutputTokens = 8;
		settings.maxOutputTokens = 48;
		settings.defaultMaxTokens = 256;
		settings.maxModelLen = 8192;
		settings.kvCacheTokens = 65_536L;
		settings.outputFormat = OutputFormat.PROSE;
		return settings;
	}

	/** This override laid over {@code defaults}. */
	ModelProfile resolve(ModelSettings defaults) {
		return new ModelProfile(pick(timeToFirstToken, defaults.timeToFirstToken),
				pick(interTokenLatency, defaults.interTokenLatency), pick(maxNumSeqs, defaults.maxNumSeqs),
				pick(maxWaiting, defaults.maxWaiting), pick(minOutputTokens, defaults.minOutputTokens),
				pick(maxOutputTokens, defaults.maxOutputTokens), pick(defaultMaxTokens, defaults.defaultMaxTokens),
				pick(maxModelLen, defaults.maxModelLen), pick(kvCacheTokens, defaults.kvCacheTokens),
				pick(outputFormat, defaults.outputFormat));
	}

	private static <T> T pick(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	public Duration getTimeToFirstToken() {
		return timeToFirstToken;
	}

	public void setTimeToFirstToken(Duration timeToFirstToken) {
		this.timeToFirstToken = timeToFirstToken;
	}

	public Duration getInterTokenLatency() {
		return interTokenLatency;
	}

	public void setInterTokenLatency(Duration interTokenLatency) {
		this.interTokenLatency = interTokenLatency;
	}

	public Integer getMaxNumSeqs() {
		return maxNumSeqs;
	}

	public void setMaxNumSeqs(Integer maxNumSeqs) {
		this.maxNumSeqs = maxNumSeqs;
	}

	public Integer getMaxWaiting() {
		return maxWaiting;
	}

	public void setMaxWaiting(Integer maxWaiting) {
		this.maxWaiting = maxWaiting;
	}

	public Integer getMinOutputTokens() {
		return minOutputTokens;
	}

	public void setMinOutputTokens(Integer minOutputTokens) {
		this.minOutputTokens = minOutputTokens;
	}

	public Integer getMaxOutputTokens() {
		return maxOutputTokens;
	}

	public void setMaxOutputTokens(Integer maxOutputTokens) {
		this.maxOutputTokens = maxOutputTokens;
	}

	public Integer getDefaultMaxTokens() {
		return defaultMaxTokens;
	}

	public void setDefaultMaxTokens(Integer defaultMaxTokens) {
		this.defaultMaxTokens = defaultMaxTokens;
	}

	public Integer getMaxModelLen() {
		return maxModelLen;
	}

	public void setMaxModelLen(Integer maxModelLen) {
		this.maxModelLen = maxModelLen;
	}

	public Long getKvCacheTokens() {
		return kvCacheTokens;
	}

	public void setKvCacheTokens(Long kvCacheTokens) {
		this.kvCacheTokens = kvCacheTokens;
	}

	public OutputFormat getOutputFormat() {
		return outputFormat;
	}

	public void setOutputFormat(OutputFormat outputFormat) {
		this.outputFormat = outputFormat;
	}

}
