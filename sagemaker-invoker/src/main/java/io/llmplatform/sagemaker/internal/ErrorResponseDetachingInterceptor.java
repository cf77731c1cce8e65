package io.llmplatform.sagemaker.internal;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * Leaves a service exception its HTTP response without the response's content stream. That stream
 * holds the connection's request, and with it the request's body: whatever keeps a failed call's
 * exception for a while (a circuit breaker's recent events, a span's exception event until it is
 * exported) would otherwise keep its prompt, up to the largest body a team accepts, in the heap.
 * The status, headers, error code and request id stay. The stream has been read by then: the SDK
 * has unmarshalled the error from it.
 */
public class ErrorResponseDetachingInterceptor implements ExecutionInterceptor {

	@Override
	public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
		if (context.exception() instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().sdkHttpResponse() instanceof SdkHttpFullResponse response
				&& response.content().isPresent()) {
			AwsServiceException detached = service.toBuilder()
				.awsErrorDetails(service.awsErrorDetails()
					.toBuilder()
					.sdkHttpResponse(response.toBuilder().content(null).build())
					.build())
				.build();
			detached.setStackTrace(service.getStackTrace());
			return detached;
		}
		return context.exception();
	}

}
