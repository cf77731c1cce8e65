package io.llmplatform.sagemaker.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.llmplatform.sagemaker.DefaultSageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerChatCompletion;
import io.llmplatform.sagemaker.SageMakerInvokeObservationContext;
import io.llmplatform.sagemaker.SageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerInvocation;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.sagemaker.SageMakerInvokerProperties;
import io.llmplatform.sagemaker.SageMakerMessage;
import io.llmplatform.sagemaker.SageMakerObservationDocumentation;
import io.llmplatform.sagemaker.SageMakerRequest;
import io.llmplatform.sagemaker.SageMakerRuntimeClientBuilderCustomizer;
import io.llmplatform.sagemaker.internal.DefaultSageMakerInvoker;
import io.llmplatform.sagemaker.internal.SdkSpanInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeServiceClientConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client and invoker beans as the properties and the application's own beans shape them.
 */
class SageMakerInvokerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SageMakerInvokerAutoConfiguration.class));

	@Test
	void invokeObservationsBecomeExactlyTheCatalogueMetersAndNothingElse() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = SageMakerInvokerAutoConfiguration.invokeMetricsRegistry(meters, null);
		observe(registry, null, null);
		observe(registry, null, "throttled");

		assertThat(meters.getMeters().stream().map((meter) -> meter.getId().getName()).distinct())
			.containsExactlyInAnyOrder("sagemaker.invoke.duration", "sagemaker.invoke.errors");
		assertThat(tagKeys(meters.get("sagemaker.invoke.duration").tag("outcome", "success").timer()))
			.containsExactly("endpoint", "model_version", "outcome", "team");
		assertThat(meters.get("sagemaker.invoke.duration").tag("outcome", "error").timer().count()).isEqualTo(1);
		assertThat(meters.get("sagemaker.invoke.errors")
			.tags("endpoint", "quant-endpoint", "error_type", "throttled")
			.counter()
			.count()).isEqualTo(1);
		assertThat(tagKeys(meters.get("sagemaker.invoke.errors").counter())).containsExactly("endpoint", "error_type");
	}

	@Test
	void anApplicationConventionRenamesTheInvokeMetrics() {
		SageMakerInvokeObservationConvention custom = new DefaultSageMakerInvokeObservationConvention() {

			@Override
			public String getName() {
				return "model.invoke.duration";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(SageMakerInvokeObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("region", "eu-west-1");
			}

		};
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		observe(SageMakerInvokerAutoConfiguration.invokeMetricsRegistry(meters, custom), custom, null);
		assertThat(meters.get("model.invoke.duration").tag("region", "eu-west-1").timer().count()).isEqualTo(1);
	}

	@Test
	void withoutAMeterRegistryInvokeObservationsRecordNothing() {
		assertThat(SageMakerInvokerAutoConfiguration.invokeMetricsRegistry(null, null).isNoop()).isTrue();
	}

	private static void observe(ObservationRegistry registry, @Nullable SageMakerInvokeObservationConvention custom,
			@Nullable String errorType) {
		SageMakerInvokeObservationContext context = new SageMakerInvokeObservationContext("quant-endpoint", "quant",
				"v3");
		var observation = SageMakerObservationDocumentation.INVOKE
			.observation(custom, DefaultSageMakerInvokeObservationConvention.INSTANCE, () -> context, registry)
			.start();
		context.setErrorType(errorType);
		observation.stop();
	}

	private static List<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).sorted().toList();
	}

	@Test
	void withOpenTelemetryTheClientCarriesItsAwsSdkInstrumentationBesideTheProperties() {
		this.contextRunner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withPropertyValues("platform.sagemaker.api-call-timeout=7s")
			.run((context) -> {
				assertThat(context).hasBean("openTelemetrySageMakerRuntimeClientBuilderCustomizer");
				ClientOverrideConfiguration override = clientConfiguration(context.getBean(SageMakerRuntimeClient.class))
					.overrideConfiguration();
				assertThat(override.executionInterceptors()).extracting((interceptor) -> interceptor.getClass().getName())
					.contains("io.opentelemetry.instrumentation.awssdk.v2_2.internal.TracingExecutionInterceptor",
							SdkSpanInterceptor.class.getName());
				assertThat(override.apiCallTimeout()).as("kept from the properties").hasValue(Duration.ofSeconds(7));
			});
	}

	@Test
	void withoutOpenTelemetryOrItsAwsSdkLibraryTheClientIsUninstrumented() {
		this.contextRunner.run((context) -> assertThat(context)
			.doesNotHaveBean("openTelemetrySageMakerRuntimeClientBuilderCustomizer"));
		this.contextRunner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.withClassLoader(new FilteredClassLoader(AwsSdkTelemetry.class))
			.run((context) -> assertThat(context)
				.doesNotHaveBean("openTelemetrySageMakerRuntimeClientBuilderCustomizer"));
	}

	@Test
	void providesClientAndInvokerWithProductionDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SageMakerRuntimeClient.class)
				.hasSingleBean(SageMakerInvoker.class)
				.getBean(SageMakerInvoker.class)
				.isInstanceOf(DefaultSageMakerInvoker.class);
			SageMakerRuntimeServiceClientConfiguration client = clientConfiguration(context.getBean(
					SageMakerRuntimeClient.class));
			assertThat(client.region()).isEqualTo(Region.US_EAST_1);
			assertThat(client.endpointOverride()).isEmpty();
			assertThat(client.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
			ClientOverrideConfiguration override = client.overrideConfiguration();
			assertThat(override.apiCallTimeout()).hasValue(Duration.ofSeconds(30));
			assertThat(override.apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(10));
			assertThat(override.retryStrategy()).hasValueSatisfying(
					(strategy) -> assertThat(strategy.maxAttempts()).as("no SDK retries by default").isEqualTo(1));
		});
	}

	@Test
	void propertiesBind() {
		this.contextRunner
			.withPropertyValues("platform.sagemaker.region=eu-west-1", "platform.sagemaker.api-call-timeout=5s",
					"platform.sagemaker.api-call-attempt-timeout=2s", "platform.sagemaker.max-attempts=3",
					"platform.sagemaker.connect-timeout=250ms",
					"platform.sagemaker.endpoints.quant-endpoint.model=llama-3-8b-awq",
					"platform.sagemaker.endpoints.quant-endpoint.model-version=v7",
					"platform.sagemaker.endpoints.embed-endpoint.invoke-operation=embeddings")
			.run((context) -> {
				SageMakerInvokerProperties properties = context.getBean(SageMakerInvokerProperties.class);
				assertThat(properties.getRegion()).isEqualTo("eu-west-1");
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.endpoint("quant-endpoint").modelOr("quant-endpoint")).isEqualTo("llama-3-8b-awq");
				assertThat(properties.endpoint("quant-endpoint").getModelVersion()).isEqualTo("v7");
				assertThat(properties.endpoint("quant-endpoint").getInvokeOperation()).isEqualTo("text_completion");
				assertThat(properties.endpoint("embed-endpoint").getInvokeOperation()).isEqualTo("embeddings");
				assertThat(properties.endpoint("other").modelOr("other")).isEqualTo("other");
				assertThat(properties.endpoint("other").getModelVersion()).isEqualTo("unknown");
				SageMakerRuntimeServiceClientConfiguration client = clientConfiguration(
						context.getBean(SageMakerRuntimeClient.class));
				assertThat(client.region()).isEqualTo(Region.EU_WEST_1);
				assertThat(client.overrideConfiguration().apiCallTimeout()).hasValue(Duration.ofSeconds(5));
				assertThat(client.overrideConfiguration().apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(2));
				assertThat(client.overrideConfiguration().retryStrategy())
					.hasValueSatisfying((strategy) -> assertThat(strategy.maxAttempts()).isEqualTo(3));
			});
	}

	@Test
	void staticCredentialsAreUsedWhenConfigured() {
		this.contextRunner
			.withPropertyValues("platform.sagemaker.credentials.access-key-id=test",
					"platform.sagemaker.credentials.secret-access-key=test-secret")
			.run((context) -> {
				var provider = clientConfiguration(context.getBean(SageMakerRuntimeClient.class)).credentialsProvider();
				assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
				AwsBasicCredentials credentials = (AwsBasicCredentials) ((StaticCredentialsProvider) provider)
					.resolveCredentials();
				assertThat(credentials.accessKeyId()).isEqualTo("test");
				assertThat(credentials.secretAccessKey()).isEqualTo("test-secret");
			});
	}

	@Test
	void halfConfiguredStaticCredentialsFailTheStart() {
		this.contextRunner.withPropertyValues("platform.sagemaker.credentials.access-key-id=test")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("platform.sagemaker.credentials.secret-access-key"));
	}

	@Test
	void maxAttemptsBelowOneFailsTheStart() {
		this.contextRunner.withPropertyValues("platform.sagemaker.max-attempts=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-attempts must be at least 1"));
	}

	@Test
	void endpointOverrideIsApplied() {
		this.contextRunner.withPropertyValues("platform.sagemaker.endpoint-override=http://127.0.0.1:8200")
			.run((context) -> assertThat(clientConfiguration(context.getBean(SageMakerRuntimeClient.class))
				.endpointOverride()).hasValue(URI.create("http://127.0.0.1:8200")));
	}

	@Test
	void customizersRunAfterTheProperties() {
		this.contextRunner.withPropertyValues("platform.sagemaker.region=us-west-2")
			.withBean(SageMakerRuntimeClientBuilderCustomizer.class,
					() -> (builder) -> builder.region(Region.AP_SOUTHEAST_2))
			.run((context) -> assertThat(clientConfiguration(context.getBean(SageMakerRuntimeClient.class)).region())
				.isEqualTo(Region.AP_SOUTHEAST_2));
	}

	@Test
	void whenHasUserSuppliedClientDoesNotProvideOneAndTheInvokerUsesIt() {
		SageMakerRuntimeClient own = SageMakerRuntimeClient.builder()
			.region(Region.EU_CENTRAL_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("own", "own")))
			.build();
		this.contextRunner.withBean("ownClient", SageMakerRuntimeClient.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(SageMakerRuntimeClient.class)
				.hasBean("ownClient")
				.doesNotHaveBean("sageMakerRuntimeClient")
				.hasSingleBean(SageMakerInvoker.class);
			assertThat(context.getBean(SageMakerInvoker.class)).extracting("client").isSameAs(own);
		});
	}

	@Test
	void whenHasUserSuppliedInvokerDoesNotProvideOne() {
		this.contextRunner.withBean("ownInvoker", SageMakerInvoker.class, OwnInvoker::new)
			.run((context) -> assertThat(context).hasSingleBean(SageMakerInvoker.class)
				.hasBean("ownInvoker")
				.doesNotHaveBean("sageMakerInvoker"));
	}

	@Test
	void autoConfigurationIsListedInTheImportsFile() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(SageMakerInvokerAutoConfiguration.class.getName());
	}

	private static SageMakerRuntimeServiceClientConfiguration clientConfiguration(SageMakerRuntimeClient client) {
		return client.serviceClientConfiguration();
	}

	static class OwnInvoker implements SageMakerInvoker {

		@Override
		public SageMakerInvocation invoke(SageMakerRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public SageMakerChatCompletion chat(String endpointName, List<SageMakerMessage> messages,
				@Nullable Integer maxTokens, @Nullable Double temperature) {
			throw new UnsupportedOperationException();
		}

	}

}
