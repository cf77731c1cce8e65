package io.llmplatform.team.quant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shadow comparison of the quantized model's answers against the baseline.
 */
@ConfigurationProperties("platform.team.quant.shadow")
public class ShadowProperties {

	/** Share of requests compared against the baseline, from 0 (none) to 1 (all). */
	private double sampleRate = 0.1;

	/** Word-overlap (Jaccard) score at or above which two answers count as agreeing. */
	private double agreementThreshold = 0.5;

	/** Comparisons waiting to run; beyond it new ones are skipped (and counted), never queued without bound. */
	private int queueCapacity = 32;

	/**
	 * Characters of the prompts and answers that the waiting and running comparisons may hold together; beyond it
	 * new ones are skipped (and counted), so that large prompts cannot fill the heap through the queue.
	 */
	private int maxHeldCharacters = 1_000_000;

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	public double getAgreementThreshold() {
		return this.agreementThreshold;
	}

	public void setAgreementThreshold(double agreementThreshold) {
		this.agreementThreshold = agreementThreshold;
	}

	public int getMaxHeldCharacters() {
		return this.maxHeldCharacters;
	}

	public void setMaxHeldCharacters(int maxHeldCharacters) {
		this.maxHeldCharacters = maxHeldCharacters;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
