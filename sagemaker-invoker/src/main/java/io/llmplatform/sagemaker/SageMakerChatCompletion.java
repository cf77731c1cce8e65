package io.llmplatform.sagemaker;

import org.jspecify.annotations.Nullable;

/**
 * The assistant's answer of a Messages API call.
 *
 * @param content the generated text
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), if reported
 * @param inputTokens prompt tokens, if the endpoint reported usage
 * @param outputTokens completion tokens, if the endpoint reported usage
 * @param endpointName the endpoint that was called
 * @param modelVersion the configured version of the endpoint's model
 *        ({@code platform.sagemaker.endpoints.<name>.model-version})
 * @param invokedVariant the production variant that answered
 */
public record SageMakerChatCompletion(String content, @Nullable String finishReason, @Nullable Integer inputTokens,
		@Nullable Integer outputTokens, String endpointName, String modelVersion, @Nullable String invokedVariant) {

	/** Never the content: it is model output. */
	@Override
	public String toString() {
		return "SageMakerChatCompletion[content=(" + this.content.length() + " chars), finishReason="
				+ this.finishReason + ", inputTokens=" + this.inputTokens + ", outputTokens=" + this.outputTokens
				+ ", endpointName=" + this.endpointName + ", modelVersion=" + this.modelVersion
				+ ", invokedVariant=" + this.invokedVariant + "]";
	}

}
