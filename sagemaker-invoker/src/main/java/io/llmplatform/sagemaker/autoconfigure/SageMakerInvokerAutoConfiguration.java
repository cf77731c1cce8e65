package io.llmplatform.sagemaker.autoconfigure;

import java.net.URI;

import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.sagemaker.DefaultSageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.sagemaker.SageMakerInvokerProperties;
import io.llmplatform.sagemaker.SageMakerRuntimeClientBuilderCustomizer;
import io.llmplatform.sagemaker.internal.ErrorResponseDetachingInterceptor;
import io.llmplatform.sagemaker.internal.SdkSpanInterceptor;
import io.llmplatform.sagemaker.internal.DefaultSageMakerInvoker;
import io.llmplatform.sagemaker.internal.MessagesApi;
import io.llmplatform.sagemaker.internal.SageMakerInvokeMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The SageMaker Runtime client, built from {@code platform.sagemaker.*} and then the
 * {@link SageMakerRuntimeClientBuilderCustomizer}s, and the {@link SageMakerInvoker} on top of
 * it. Both back off when the application defines its own. With telemetry-starter's
 * {@link GenAiTelemetry} each call is a GenAI span with its metrics; with a
 * {@link MeterRegistry} it also records the {@code sagemaker.invoke.*} metrics, named by the
 * {@link SageMakerInvokeObservationConvention} (a bean of the application's, or the default).
 */
@AutoConfiguration(after = { ObservationAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class },
		afterName = { "io.llmplatform.telemetry.autoconfigure.GenAiTelemetryAutoConfiguration",
				"io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration" })
@ConditionalOnClass({ SageMakerRuntimeClient.class, ApacheHttpClient.class })
@EnableConfigurationProperties(SageMakerInvokerProperties.class)
public final class SageMakerInvokerAutoConfiguration {

	/** The team label of the metrics and span, as telemetry-starter's properties name it. */
	static final String TEAM_PROPERTY = "platform.telemetry.team";

	SageMakerInvokerAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SageMakerRuntimeClient sageMakerRuntimeClient(SageMakerInvokerProperties properties,
			ObjectProvider<SageMakerRuntimeClientBuilderCustomizer> customizers) {
		SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
			.region(Region.of(properties.getRegion()))
			.credentialsProvider(credentialsProvider(properties))
			.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(properties.getConnectTimeout()))
			.overrideConfiguration((configuration) -> configuration.apiCallTimeout(properties.getApiCallTimeout())
				.apiCallAttemptTimeout(properties.getApiCallAttemptTimeout())
				.retryStrategy(retryStrategy(properties.getMaxAttempts()))
				.addExecutionInterceptor(new ErrorResponseDetachingInterceptor()));
		URI endpointOverride = properties.getEndpointOverride();
		if (endpointOverride != null) {
			builder.endpointOverride(endpointOverride);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	SageMakerInvoker sageMakerInvoker(SageMakerRuntimeClient sageMakerRuntimeClient,
			SageMakerInvokerProperties properties, ObjectProvider<GenAiTelemetry> genAiTelemetry,
			ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<SageMakerInvokeObservationConvention> invokeConvention, Environment environment) {
		// Without the starter's telemetry (e.g. a slice test) the invoker still works, recording nothing.
		GenAiTelemetry genAi = genAiTelemetry.getIfAvailable(GenAiTelemetry::noop);
		SageMakerInvokeObservationConvention convention = invokeConvention.getIfUnique();
		ObservationRegistry invokeMetrics = invokeMetricsRegistry(meterRegistry.getIfAvailable(), convention);
		String team = environment.getProperty(TEAM_PROPERTY);
		// A mapper of our own: the application's JSON settings (naming strategies, ...) must not
		// change the Messages API wire format.
		MessagesApi messagesApi = new MessagesApi(JsonMapper.builder().build());
		return new DefaultSageMakerInvoker(sageMakerRuntimeClient, properties, genAi, invokeMetrics, convention, team,
				messagesApi);
	}

	/**
	 * A registry of its own for the {@code sagemaker.invoke} observations, whose one handler
	 * records their meters: on the application's registry the tracing handler would make each
	 * of them a second span beside the GenAI span of the same call.
	 */
	static ObservationRegistry invokeMetricsRegistry(@Nullable MeterRegistry meterRegistry,
			@Nullable SageMakerInvokeObservationConvention convention) {
		if (meterRegistry == null) {
			return ObservationRegistry.NOOP;
		}
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new SageMakerInvokeMeterObservationHandler(meterRegistry,
					(convention != null) ? convention : DefaultSageMakerInvokeObservationConvention.INSTANCE));
		return registry;
	}

	/**
	 * OpenTelemetry's AWS SDK v2 instrumentation on the client: each SDK call gets a CLIENT span
	 * of its own ({@code rpc.*}, {@code aws.request_id}, {@code cloud.region}), a child of the
	 * span current when it is made (the GenAI span).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ AwsSdkTelemetry.class, OpenTelemetry.class })
	@ConditionalOnBean(OpenTelemetry.class)
	static class OpenTelemetryInstrumentation {

		@Bean
		@ConditionalOnMissingBean(name = "openTelemetrySageMakerRuntimeClientBuilderCustomizer")
		SageMakerRuntimeClientBuilderCustomizer openTelemetrySageMakerRuntimeClientBuilderCustomizer(
				OpenTelemetry openTelemetry) {
			ExecutionInterceptor tracing = AwsSdkTelemetry.create(openTelemetry).createExecutionInterceptor();
			ExecutionInterceptor completion = new SdkSpanInterceptor();
			// The builder's Consumer variant would replace the configuration set from the properties.
			return (builder) -> builder.overrideConfiguration(builder.overrideConfiguration()
				.toBuilder()
				.addExecutionInterceptor(tracing)
				.addExecutionInterceptor(completion)
				.build());
		}

	}

	/**
	 * Static credentials when configured (local runs against the simulator), else the SDK's
	 * default chain (environment, profile, web identity / IRSA, container and instance roles).
	 */
	static AwsCredentialsProvider credentialsProvider(SageMakerInvokerProperties properties) {
		SageMakerInvokerProperties.Credentials credentials = properties.getCredentials();
		if (credentials.isStatic()) {
			return StaticCredentialsProvider
				.create(AwsBasicCredentials.create(credentials.getAccessKeyId(), credentials.getSecretAccessKey()));
		}
		return DefaultCredentialsProvider.builder().build();
	}

	/**
	 * The SDK's standard strategy with the configured attempts, or none at all for one attempt
	 * (the default: the caller's resilience4j retry and circuit breaker guard the call, and
	 * retries stacked at two levels multiply).
	 */
	static RetryStrategy retryStrategy(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException(
					SageMakerInvokerProperties.PREFIX + ".max-attempts must be at least 1, was " + maxAttempts);
		}
		if (maxAttempts == 1) {
			return AwsRetryStrategy.doNotRetry();
		}
		return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
	}

}
