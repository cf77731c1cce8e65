package io.llmplatform.sagemaker.internal;

import io.opentelemetry.api.trace.Span;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * Adds {@code cloud.region} to the span of an AWS SDK call, which OpenTelemetry's AWS SDK
 * instrumentation (2.31) does not record. Runs after that instrumentation's interceptor, which
 * makes the call's span current for a synchronous client.
 */
public class CloudRegionSpanInterceptor implements ExecutionInterceptor {

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
		Region region = executionAttributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
		Span span = Span.current();
		if (region != null && span.isRecording()) {
			span.setAttribute("cloud.region", region.id());
		}
	}

}
