package io.llmplatform.sagemaker;

import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;

/**
 * Customizes the auto-configured SageMaker Runtime client after the {@code platform.sagemaker.*}
 * properties were applied (e.g. an HTTP proxy, a credentials provider of your own, SDK metric
 * publishers). Declare it as a bean; all customizers run in order.
 */
@FunctionalInterface
public interface SageMakerRuntimeClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties applied
	 */
	void customize(SageMakerRuntimeClientBuilder builder);

}
