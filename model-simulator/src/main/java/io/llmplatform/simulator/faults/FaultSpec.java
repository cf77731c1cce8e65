package io.llmplatform.simulator.faults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Faults for one endpoint or model, as configured under {@code simulator.faults.<name>} or sent to
 * {@code PUT /admin/faults/<name>}. Every field is optional; an empty spec injects nothing.
 */
public class FaultSpec {

	/**
	 * Probability of each error type per request ({@code model_error}, {@code validation},
	 * {@code throttled}, {@code unavailable}, {@code internal}); together at most 1.
	 */
	private Map<String, Double> errorRates = new LinkedHashMap<>();

	/** Added to every request that is not throttled, before it is answered or fails. */
	private long addedLatencyMs;

	/** Probability that a request hangs: no answer until the client gives up, or {@code hangMaxMs}. */
	private double hangRate;

	/**
	 * How long a hang lasts at most, so nothing is held forever; then the request fails as a timeout
	 * (SageMaker: ModelError, as after its 60-second container limit; vLLM: 504). At most 600000.
	 */
	private long hangMaxMs = 60_000;

	/** Requests per second above which requests are throttled (token bucket, burst one second); 0 = off. */
	private double throttleAboveRps;

	public Map<String, Double> getErrorRates() {
		return errorRates;
	}

	public void setErrorRates(Map<String, Double> errorRates) {
		this.errorRates = (errorRates != null) ? errorRates : new LinkedHashMap<>();
	}

	public long getAddedLatencyMs() {
		return addedLatencyMs;
	}

	public void setAddedLatencyMs(long addedLatencyMs) {
		this.addedLatencyMs = addedLatencyMs;
	}

	public double getHangRate() {
		return hangRate;
	}

	public void setHangRate(double hangRate) {
		this.hangRate = hangRate;
	}

	public long getHangMaxMs() {
		return hangMaxMs;
	}

	public void setHangMaxMs(long hangMaxMs) {
		this.hangMaxMs = hangMaxMs;
	}

	public double getThrottleAboveRps() {
		return throttleAboveRps;
	}

	public void setThrottleAboveRps(double throttleAboveRps) {
		this.throttleAboveRps = throttleAboveRps;
	}

}
