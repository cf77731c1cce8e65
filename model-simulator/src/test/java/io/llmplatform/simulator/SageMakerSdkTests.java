package io.llmplatform.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;
import tools.jackson.databind.JsonNode;

import io.llmplatform.simulator.engine.ChatTemplate;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.faults.FaultSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The real AWS SDK v2 SageMaker Runtime client against the simulator: it must not be able to tell.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SageMakerSdkTests {

	@LocalServerPort
	int port;

	@Autowired
	FaultRegistry faults;

	private final Tokenizer tokenizer = new Tokenizer();

	private SageMakerRuntimeClient client;

	@BeforeEach
	void createClient() {
		client = SageMakerRuntimeClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials())
			.httpClientBuilder(ApacheHttpClient.builder())
			.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallTimeout(Duration.ofSeconds(10)))
			.build();
	}

	@AfterEach
	void closeClientAndClearFaults() {
		client.close();
		faults.clearAll();
	}

	@Test
	void invokeEndpointAnswersTgiStyleWithRealHeaders() {
		InvokeEndpointResponse response = client.invokeEndpoint(request -> request.endpointName("quant-endpoint")
			.contentType("application/json")
			.accept("application/json")
			.customAttributes("trace=abc,team=quant")
			.body(SdkBytes.fromUtf8String(
					"{\"inputs\": \"What is a quantized model?\", \"parameters\": {\"max_new_tokens\": 12, \"details\": true}}")));

		assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/json");
		assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
		assertThat(response.customAttributes()).isEqualTo("trace=abc,team=quant");
		assertThat(response.responseMetadata().requestId()).isNotBlank();
		JsonNode body = SimulatorClient.JSON.readTree(response.body().asUtf8String());
		String text = body.get(0).get("generated_text").stringValue();
		assertThat(text).isNotBlank();
		JsonNode details = body.get(0).get("details");
		assertThat(details.get("generated_tokens").asInt()).isEqualTo(tokenizer.count(text)).isLessThanOrEqualTo(12);
		assertThat(details.get("finish_reason").stringValue()).isIn("length", "eos_token");
	}

	@Test
	void invokeEndpointAnswersMessagesApiWithUsage() {
		String prompt = "Rate the answer 'Paris' to 'capital of France?'";
		InvokeEndpointResponse response = client.invokeEndpoint(request -> request.endpointName("judge-endpoint")
			.contentType("application/json")
			.body(SdkBytes.fromUtf8String("{\"messages\": [{\"role\": \"user\", \"content\": \"" + prompt
					+ "\"}], \"max_tokens\": 200, \"temperature\": 0}")));

		JsonNode body = SimulatorClient.JSON.readTree(response.body().asUtf8String());
		String content = body.at("/choices/0/message/content").stringValue();
		JsonNode verdict = SimulatorClient.JSON.readTree(content);
		assertThat(verdict.get("score").asInt()).isBetween(1, 5);
		assertThat(verdict.get("rationale").stringValue()).isNotBlank();
		assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(tokenizer.count(content));
		assertThat(body.at("/usage/prompt_tokens").asInt())
			.isEqualTo(tokenizer.count(ChatTemplate.render(List.of(new ChatTemplate.Message("user", prompt)))));
	}

	@Test
	void targetVariantIsHonouredAndUnknownOnesAreRejected() {
		InvokeEndpointResponse response = client.invokeEndpoint(request -> request.endpointName("quant-endpoint")
			.targetVariant("AllTraffic")
			.body(SdkBytes.fromUtf8String("{\"inputs\": \"hi\"}")));
		assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");

		assertThatExceptionOfType(ValidationErrorException.class)
			.isThrownBy(() -> client.invokeEndpoint(request -> request.endpointName("quant-endpoint")
				.targetVariant("Canary")
				.body(SdkBytes.fromUtf8String("{\"inputs\": \"hi\"}"))))
			.satisfies(ex -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void unknownEndpointIsAValidationError() {
		ValidationErrorException ex = catchThrowableOfType(ValidationErrorException.class,
				() -> invoke("no-such-endpoint"));

		assertThat(ex.statusCode()).isEqualTo(400);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
		assertThat(ex.awsErrorDetails().errorMessage())
			.isEqualTo("Endpoint no-such-endpoint of account 123456789012 not found.");
	}

	@Test
	void injectedModelErrorIsModelErrorException() {
		inject("quant-endpoint", "model_error");

		ModelErrorException ex = catchThrowableOfType(ModelErrorException.class, () -> invoke("quant-endpoint"));

		assertThat(ex.statusCode()).isEqualTo(424);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ModelError");
		assertThat(ex.originalStatusCode()).isEqualTo(500);
		assertThat(ex.originalMessage()).contains("CUDA out of memory");
		assertThat(ex.logStreamArn()).isEqualTo(
				"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/quant-endpoint");
		assertThat(ex.awsErrorDetails().errorMessage()).startsWith("Received server error (500) from primary");
	}

	@Test
	void bodyTheContainerRejectsIsModelErrorWithOriginalStatus422() {
		ModelErrorException ex = catchThrowableOfType(ModelErrorException.class,
				() -> client.invokeEndpoint(request -> request.endpointName("quant-endpoint")
					.contentType("text/csv")
					.body(SdkBytes.fromUtf8String("1,2,3"))));

		assertThat(ex.statusCode()).isEqualTo(424);
		assertThat(ex.originalStatusCode()).isEqualTo(422);
	}

	@Test
	void injectedValidationErrorIsValidationErrorException() {
		inject("finetune-endpoint", "validation");

		ValidationErrorException ex = catchThrowableOfType(ValidationErrorException.class,
				() -> invoke("finetune-endpoint"));

		assertThat(ex.statusCode()).isEqualTo(400);
	}

	@Test
	void injectedThrottlingIsRecognisedAsThrottlingBySdk() {
		inject("quant-endpoint", "throttled");

		SageMakerRuntimeException ex = catchThrowableOfType(SageMakerRuntimeException.class,
				() -> invoke("quant-endpoint"));

		// ThrottlingException is not in SageMaker Runtime's model: the SDK raises the service's base
		// exception and recognises throttling by the error code.
		assertThat(ex.getClass()).isEqualTo(SageMakerRuntimeException.class);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
		assertThat(ex.statusCode()).isEqualTo(400);
		assertThat(ex.isThrottlingException()).isTrue();
	}

	@Test
	void requestsAboveTheRateLimitAreThrottled() {
		FaultSpec spec = new FaultSpec();
		spec.setThrottleAboveRps(1);
		faults.set("judge-endpoint", spec);

		invoke("judge-endpoint");
		SageMakerRuntimeException ex = catchThrowableOfType(SageMakerRuntimeException.class,
				() -> invoke("judge-endpoint"));

		assertThat(ex.isThrottlingException()).isTrue();
	}

	@Test
	void injectedServiceUnavailableIsServiceUnavailableException() {
		inject("quant-endpoint", "unavailable");

		ServiceUnavailableException ex = catchThrowableOfType(ServiceUnavailableException.class,
				() -> invoke("quant-endpoint"));

		assertThat(ex.statusCode()).isEqualTo(503);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
	}

	@Test
	void injectedInternalFailureIsInternalFailureException() {
		inject("quant-endpoint", "internal");

		InternalFailureException ex = catchThrowableOfType(InternalFailureException.class,
				() -> invoke("quant-endpoint"));

		assertThat(ex.statusCode()).isEqualTo(500);
		assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
	}

	@Test
	void hangEndsInTheClientsApiCallTimeout() {
		FaultSpec spec = new FaultSpec();
		spec.setHangRate(1.0);
		spec.setHangMaxMs(20_000);
		faults.set("finetune-endpoint", spec);
		try (SageMakerRuntimeClient impatient = SageMakerRuntimeClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials())
			.httpClientBuilder(ApacheHttpClient.builder())
			.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallTimeout(Duration.ofMillis(400)))
			.build()) {
			long start = System.nanoTime();

			assertThatExceptionOfType(ApiCallTimeoutException.class).isThrownBy(() -> impatient.invokeEndpoint(
					request -> request.endpointName("finetune-endpoint").body(SdkBytes.fromUtf8String("{\"inputs\": \"x\"}"))));

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void hangBoundedByHangMaxEndsAsInvocationTimeout() {
		FaultSpec spec = new FaultSpec();
		spec.setHangRate(1.0);
		spec.setHangMaxMs(300);
		faults.set("finetune-endpoint", spec);

		ModelErrorException ex = catchThrowableOfType(ModelErrorException.class, () -> invoke("finetune-endpoint"));

		assertThat(ex.originalStatusCode()).isEqualTo(0);
		assertThat(ex.originalMessage()).contains("timed out");
	}

	@Test
	void invokeEndpointWithResponseStreamDeliversTgiTokenEventsInEventStreamFrames() throws Exception {
		List<String> parts = new CopyOnWriteArrayList<>();
		AtomicReference<InvokeEndpointWithResponseStreamResponse> initial = new AtomicReference<>();
		InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler
			.builder()
			.onResponse(initial::set)
			.subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
				.onPayloadPart(part -> parts.add(part.bytes().asString(StandardCharsets.UTF_8)))
				.build())
			.build();
		try (SageMakerRuntimeAsyncClient async = SageMakerRuntimeAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials())
			.httpClientBuilder(NettyNioAsyncHttpClient.builder())
			.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build()) {
			async.invokeEndpointWithResponseStream(InvokeEndpointWithResponseStreamRequest.builder()
				.endpointName("finetune-endpoint")
				.contentType("application/json")
				.customAttributes("a=1")
				.body(SdkBytes.fromUtf8String("{\"inputs\": \"stream please\", \"parameters\": {\"max_new_tokens\": 10}}"))
				.build(), handler).get(20, TimeUnit.SECONDS);
		}

		assertThat(initial.get().invokedProductionVariant()).isEqualTo("AllTraffic");
		assertThat(initial.get().contentType()).isEqualTo("text/event-stream");
		assertThat(initial.get().customAttributes()).isEqualTo("a=1");
		assertThat(parts).hasSizeBetween(1, 10);
		StringBuilder streamed = new StringBuilder();
		JsonNode lastEvent = null;
		for (String part : parts) {
			assertThat(part).startsWith("data:").endsWith("\n\n");
			lastEvent = SimulatorClient.JSON.readTree(part.substring(5));
			streamed.append(lastEvent.at("/token/text").stringValue());
		}
		assertThat(lastEvent.get("generated_text").stringValue()).isEqualTo(streamed.toString());
		assertThat(lastEvent.at("/details/generated_tokens").asInt()).isEqualTo(parts.size());
	}

	@Test
	void sdkErrorsAreCountedInTheFaultMetrics() {
		inject("judge-endpoint", "internal");
		catchThrowableOfType(InternalFailureException.class, () -> invoke("judge-endpoint"));

		PrometheusTextParser metrics = new SimulatorClient(port).metrics();

		assertThat(metrics.require("simulator_faults_injected_total",
				Map.of("target", "judge-endpoint", "fault", "internal"))).isGreaterThanOrEqualTo(1);
	}

	private void inject(String endpoint, String errorType) {
		FaultSpec spec = new FaultSpec();
		spec.setErrorRates(new HashMap<>(Map.of(errorType, 1.0)));
		faults.set(endpoint, spec);
	}

	private InvokeEndpointResponse invoke(String endpoint) {
		return client.invokeEndpoint(request -> request.endpointName(endpoint)
			.contentType("application/json")
			.body(SdkBytes.fromUtf8String("{\"inputs\": \"hello\"}")));
	}

	private static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR", "simulator-secret"));
	}

}
