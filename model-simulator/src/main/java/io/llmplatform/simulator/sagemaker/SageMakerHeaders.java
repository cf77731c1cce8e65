package io.llmplatform.simulator.sagemaker;

/** Header names of the SageMaker Runtime wire protocol (as the AWS SDK sends and reads them). */
final class SageMakerHeaders {

	static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

	static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";

	static final String INVOKED_PRODUCTION_VARIANT = "x-Amzn-Invoked-Production-Variant";

	/** Content type of the payload parts of InvokeEndpointWithResponseStream. */
	static final String STREAM_CONTENT_TYPE = "X-Amzn-SageMaker-Content-Type";

	static final String REQUEST_ID = "x-amzn-RequestId";

	/** Error code of a failed call; the SDK keeps what comes before the first ':'. */
	static final String ERROR_TYPE = "x-amzn-ErrorType";

	private SageMakerHeaders() {
	}

}
