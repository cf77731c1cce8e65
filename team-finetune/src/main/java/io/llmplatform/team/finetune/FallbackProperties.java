package io.llmplatform.team.finetune;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the fine-tuned endpoint and its fallback share the request's deadline.
 */
@ConfigurationProperties("platform.team.finetune")
public class FallbackProperties {

	/**
	 * Share of the time left (0 to 1) that the fine-tuned endpoint may take, so that the baseline
	 * still has the rest when the endpoint fails or hangs.
	 */
	private double primaryShare = 0.6;

	public double getPrimaryShare() {
		return this.primaryShare;
	}

	public void setPrimaryShare(double primaryShare) {
		this.primaryShare = primaryShare;
	}

}
