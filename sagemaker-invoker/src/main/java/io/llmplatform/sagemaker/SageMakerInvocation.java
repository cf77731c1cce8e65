package io.llmplatform.sagemaker;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * What InvokeEndpoint answered.
 *
 * @param body the model container's answer
 * @param contentType its MIME type, if the container said
 * @param invokedVariant the production variant that answered ({@code x-Amzn-Invoked-Production-Variant})
 * @param customAttributes the container's {@code X-Amzn-SageMaker-Custom-Attributes}, if any
 */
public record SageMakerInvocation(byte[] body, @Nullable String contentType, @Nullable String invokedVariant,
		@Nullable String customAttributes) {

	/**
	 * The body as UTF-8 text.
	 * @return the text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/** Never the body: it holds the completion. */
	@Override
	public String toString() {
		return "SageMakerInvocation[body=(" + this.body.length + " bytes), contentType=" + this.contentType
				+ ", invokedVariant=" + this.invokedVariant + ", customAttributes=" + this.customAttributes + "]";
	}

}
