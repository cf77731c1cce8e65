package io.llmplatform.sagemaker.internal;

import io.opentelemetry.api.trace.Span;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * Completes what OpenTelemetry's AWS SDK instrumentation (2.31) records on the span of a
 * SageMaker Runtime call, and keeps off it what must not leave the process. Runs after that
 * instrumentation's interceptor, which makes the call's span current for a synchronous client.
 * <ul>
 * <li>{@code cloud.region}, which the instrumentation does not record, and {@code aws.request_id} of
 * a failed call, which it records for successful ones only;</li>
 * <li>the service's error text is replaced before the instrumentation records the exception:
 * a {@code ModelError} quotes the model container's output, which may hold prompt text. The
 * status, error code and request id stay (they are what callers classify errors by).</li>
 * </ul>
 */
public class SdkSpanInterceptor implements ExecutionInterceptor {

	static final String REDACTED = "(the service's error text is not recorded)";

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
		Region region = executionAttributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
		Span span = Span.current();
		if (region != null && span.isRecording()) {
			span.setAttribute("cloud.region", region.id());
		}
	}

	@Override
	public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
		if (context.exception() instanceof AwsServiceException service && service.requestId() != null) {
			Span span = Span.current();
			if (span.isRecording()) {
				span.setAttribute("aws.request_id", service.requestId());
			}
		}
		if (context.exception() instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			AwsErrorDetails details = service.awsErrorDetails().toBuilder().errorMessage(REDACTED).build();
			return service.toBuilder().message(REDACTED).awsErrorDetails(details).build();
		}
		return context.exception();
	}

}
