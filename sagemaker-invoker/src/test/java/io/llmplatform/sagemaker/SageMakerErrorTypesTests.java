package io.llmplatform.sagemaker;

import java.io.IOException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping from the SDK's exceptions to {@code error_type}, with exceptions built as the SDK
 * builds them from SageMaker's answers.
 */
class SageMakerErrorTypesTests {

	@Test
	void sdkTimeoutsAreTimeouts() {
		assertThat(SageMakerErrorTypes.of(ApiCallTimeoutException.create(1500))).isEqualTo("timeout");
		assertThat(SageMakerErrorTypes.of(ApiCallAttemptTimeoutException.create(1000))).isEqualTo("timeout");
	}

	@Test
	void clientExceptionCausedBySocketTimeoutIsTimeout() {
		SdkClientException readTimeout = SdkClientException.create("Unable to execute HTTP request: Read timed out",
				new SocketTimeoutException("Read timed out"));
		assertThat(SageMakerErrorTypes.of(readTimeout)).isEqualTo("timeout");
	}

	@Test
	void clientExceptionCausedByAConnectTimeoutOfTheHttpClientIsTimeout() {
		SdkClientException connectTimeout = SdkClientException.create("Unable to execute HTTP request",
				new IOException(new org.apache.http.conn.ConnectTimeoutException("Connect to host timed out")));
		assertThat(SageMakerErrorTypes.of(connectTimeout)).isEqualTo("timeout");
	}

	@Test
	void connectionFailuresAreConnectionErrors() {
		SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
				new java.net.ConnectException("Connection refused"));
		assertThat(SageMakerErrorTypes.of(refused)).isEqualTo("connection");
		assertThat(SageMakerErrorTypes.of(new IllegalStateException("boom"))).isEqualTo("internal");
	}

	@Test
	void aContainerRejectingAPromptAsTooLongIsTheCallersContextLengthError() {
		assertThat(SageMakerErrorTypes.of(ModelErrorException.builder()
			.statusCode(424)
			.awsErrorDetails(error("ModelError"))
			.originalStatusCode(422)
			.originalMessage("Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8192. "
					+ "Given: 16000 `inputs` tokens and 256 `max_new_tokens`")
			.build())).isEqualTo("context_length_exceeded");
		assertThat(SageMakerErrorTypes.of(ModelErrorException.builder()
			.statusCode(424)
			.awsErrorDetails(error("ModelError"))
			.originalStatusCode(422)
			.originalMessage("Failed to parse the request body as JSON")
			.build())).isEqualTo("invalid_request");
	}

	@Test
	void aContainerThatTimedOutIsATimeout() {
		assertThat(SageMakerErrorTypes.of(ModelErrorException.builder()
			.statusCode(424)
			.awsErrorDetails(error("ModelError"))
			.originalStatusCode(0)
			.build())).isEqualTo("timeout");
	}

	@Test
	void throttlingExceptionCodeOnTheBaseExceptionIsThrottled() {
		// What SageMaker answers for InvokeEndpoint throttling: 400 with code ThrottlingException,
		// which is not in the service model, so the SDK raises the service's base exception.
		SageMakerRuntimeException throttled = (SageMakerRuntimeException) SageMakerRuntimeException.builder()
			.statusCode(400)
			.awsErrorDetails(error("ThrottlingException"))
			.build();
		assertThat(SageMakerErrorTypes.of(throttled)).isEqualTo("throttled");
	}

	@Test
	void modelledServiceExceptionsMapByType() {
		assertThat(SageMakerErrorTypes.of(ModelErrorException.builder()
			.statusCode(424)
			.awsErrorDetails(error("ModelError"))
			.originalStatusCode(500)
			.build())).isEqualTo("model_error");
		assertThat(SageMakerErrorTypes
			.of(ValidationErrorException.builder().statusCode(400).awsErrorDetails(error("ValidationError")).build()))
			.isEqualTo("invalid_request");
		assertThat(SageMakerErrorTypes.of(
				ServiceUnavailableException.builder().statusCode(503).awsErrorDetails(error("ServiceUnavailable")).build()))
			.isEqualTo("unavailable");
		assertThat(SageMakerErrorTypes
			.of(InternalFailureException.builder().statusCode(500).awsErrorDetails(error("InternalFailure")).build()))
			.isEqualTo("internal");
		assertThat(SageMakerErrorTypes.of(InternalDependencyException.builder()
			.statusCode(530)
			.awsErrorDetails(error("InternalDependencyException"))
			.build())).isEqualTo("internal");
	}

	@Test
	void modelNotReadyIsUnavailableAlthoughItsStatusIs429() {
		ModelNotReadyException notReady = ModelNotReadyException.builder()
			.statusCode(429)
			.awsErrorDetails(error("ModelNotReadyException"))
			.build();
		assertThat(notReady.isThrottlingException()).isTrue();
		assertThat(SageMakerErrorTypes.of(notReady)).isEqualTo("unavailable");
	}

	@Test
	void unmodelledServiceErrorsMapByStatus() {
		SageMakerRuntimeException accessDenied = (SageMakerRuntimeException) SageMakerRuntimeException.builder()
			.statusCode(403)
			.awsErrorDetails(error("AccessDeniedException"))
			.build();
		assertThat(SageMakerErrorTypes.of(accessDenied)).isEqualTo("unauthorized");
	}

	@Test
	void transientErrorTypesAreTheOnesARetryMayCure() {
		assertThat(SageMakerErrorTypes.isTransient("timeout")).isTrue();
		assertThat(SageMakerErrorTypes.isTransient("throttled")).isTrue();
		assertThat(SageMakerErrorTypes.isTransient("unavailable")).isTrue();
		assertThat(SageMakerErrorTypes.isTransient("internal")).isTrue();
		assertThat(SageMakerErrorTypes.isTransient("model_error")).isFalse();
		assertThat(SageMakerErrorTypes.isTransient("connection")).isTrue();
		assertThat(SageMakerErrorTypes.isTransient("invalid_request")).isFalse();
		assertThat(SageMakerErrorTypes.isTransient("context_length_exceeded")).isFalse();
	}

	private static AwsErrorDetails error(String code) {
		return AwsErrorDetails.builder().errorCode(code).errorMessage("message").serviceName("SageMakerRuntime").build();
	}

}
