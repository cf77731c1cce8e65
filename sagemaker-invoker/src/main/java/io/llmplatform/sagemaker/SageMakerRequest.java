package io.llmplatform.sagemaker;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A raw InvokeEndpoint request.
 *
 * @param endpointName the SageMaker endpoint
 * @param contentType MIME type of {@code body} ({@code Content-Type})
 * @param accept MIME type wanted back ({@code Accept})
 * @param body what the model container receives
 * @param customAttributes opaque {@code X-Amzn-SageMaker-Custom-Attributes}, echoed by many containers
 * @param targetVariant production variant to invoke, or {@code null} for the endpoint's traffic split
 */
public record SageMakerRequest(String endpointName, String contentType, String accept, byte[] body,
		@Nullable String customAttributes, @Nullable String targetVariant) {

	/** Content type of JSON bodies. */
	public static final String APPLICATION_JSON = "application/json";

	public SageMakerRequest {
		Objects.requireNonNull(endpointName, "endpointName");
		Objects.requireNonNull(contentType, "contentType");
		Objects.requireNonNull(accept, "accept");
		Objects.requireNonNull(body, "body");
	}

	/**
	 * A JSON request without custom attributes or target variant.
	 * @param endpointName the SageMaker endpoint
	 * @param json the JSON body
	 * @return the request
	 */
	public static SageMakerRequest json(String endpointName, String json) {
		return new SageMakerRequest(endpointName, APPLICATION_JSON, APPLICATION_JSON,
				json.getBytes(StandardCharsets.UTF_8), null, null);
	}

	public SageMakerRequest withCustomAttributes(@Nullable String customAttributes) {
		return new SageMakerRequest(this.endpointName, this.contentType, this.accept, this.body, customAttributes,
				this.targetVariant);
	}

	public SageMakerRequest withTargetVariant(@Nullable String targetVariant) {
		return new SageMakerRequest(this.endpointName, this.contentType, this.accept, this.body,
				this.customAttributes, targetVariant);
	}

	/** Never the body: it holds the prompt. */
	@Override
	public String toString() {
		return "SageMakerRequest[endpointName=" + this.endpointName + ", contentType=" + this.contentType
				+ ", accept=" + this.accept + ", body=(" + this.body.length + " bytes), customAttributes="
				+ this.customAttributes + ", targetVariant=" + this.targetVariant + "]";
	}

}
