package io.llmplatform.simulator.sagemaker;

/**
 * The model container refused the body (TGI answers 422); SageMaker passes that on as a ModelError
 * with {@code OriginalStatusCode} 422.
 */
final class ContainerRejectedException extends RuntimeException {

	ContainerRejectedException(String message) {
		super(message, null, false, false);
	}

}
