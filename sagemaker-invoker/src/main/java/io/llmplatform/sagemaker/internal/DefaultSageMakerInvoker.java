package io.llmplatform.sagemaker.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.llmplatform.genai.GenAiCall;
import io.llmplatform.genai.GenAiMessage;
import io.llmplatform.genai.GenAiRequest;
import io.llmplatform.genai.GenAiTelemetry;
import io.llmplatform.sagemaker.DefaultSageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerChatCompletion;
import io.llmplatform.sagemaker.SageMakerErrorTypes;
import io.llmplatform.sagemaker.SageMakerInvocation;
import io.llmplatform.sagemaker.SageMakerInvocationException;
import io.llmplatform.sagemaker.SageMakerInvokeObservationContext;
import io.llmplatform.sagemaker.SageMakerInvokeObservationConvention;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.sagemaker.SageMakerInvokerProperties;
import io.llmplatform.sagemaker.SageMakerMessage;
import io.llmplatform.sagemaker.SageMakerObservationDocumentation;
import io.llmplatform.sagemaker.SageMakerObservationDocumentation.SpanKeys;
import io.llmplatform.sagemaker.SageMakerRequest;
import io.llmplatform.sagemaker.internal.MessagesApi.Answer;
import io.llmplatform.sagemaker.internal.MessagesApi.InvalidAnswerException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The {@link SageMakerInvoker} on the synchronous AWS SDK client. Each call is one GenAI
 * observation (its CLIENT span and {@code gen_ai.client.*} metrics) and, inside it, one
 * {@link SageMakerObservationDocumentation#INVOKE} observation on a registry that only records
 * meters ({@code sagemaker.invoke.duration}, {@code sagemaker.invoke.errors}): stopped while
 * the GenAI span is current, so that the histogram's exemplar points at it, and never a second
 * span. Bodies are never logged; they reach the span only through
 * {@link GenAiCall#inputMessages} / {@link GenAiCall#outputMessages}, i.e. when content
 * capture is on. Internal: not a stable API.
 */
public class DefaultSageMakerInvoker implements SageMakerInvoker {

	private static final Logger logger = LoggerFactory.getLogger(DefaultSageMakerInvoker.class);

	static final String UNKNOWN_TEAM = "unknown";

	private final SageMakerRuntimeClient client;

	private final SageMakerInvokerProperties properties;

	private final GenAiTelemetry genAi;

	private final ObservationRegistry invokeMetrics;

	private final @Nullable SageMakerInvokeObservationConvention invokeConvention;

	private final String team;

	private final MessagesApi messagesApi;

	/**
	 * Creates the invoker.
	 * @param client the SDK client
	 * @param properties the endpoints' configuration
	 * @param genAi the GenAI telemetry of each call
	 * @param invokeMetrics the registry of the {@code sagemaker.invoke.*} observations: one whose
	 * handlers record meters only ({@link SageMakerInvokeMeterObservationHandler}), or
	 * {@link ObservationRegistry#NOOP}
	 * @param invokeConvention the application's convention for those metrics, if any
	 * @param team the calling team, {@code unknown} when blank
	 * @param messagesApi the Messages API codec
	 */
	public DefaultSageMakerInvoker(SageMakerRuntimeClient client, SageMakerInvokerProperties properties,
			GenAiTelemetry genAi, ObservationRegistry invokeMetrics,
			@Nullable SageMakerInvokeObservationConvention invokeConvention, @Nullable String team,
			MessagesApi messagesApi) {
		this.client = client;
		this.properties = properties;
		this.genAi = genAi;
		this.invokeMetrics = invokeMetrics;
		this.invokeConvention = invokeConvention;
		this.team = (team != null && !team.isBlank()) ? team : UNKNOWN_TEAM;
		this.messagesApi = messagesApi;
	}

	@Override
	public SageMakerInvocation invoke(SageMakerRequest request) {
		String endpointName = request.endpointName();
		SageMakerInvokerProperties.Endpoint endpoint = this.properties.endpoint(endpointName);
		GenAiRequest genAiRequest = genAiRequest(endpoint.getInvokeOperation(), endpointName, endpoint);
		return call(endpointName, endpoint, genAiRequest, (call) -> {
			if (MessagesApi.isText(request.contentType())) {
				call.inputMessages(() -> List.of(GenAiMessage.user(MessagesApi.utf8(request.body()))));
			}
			InvokeEndpointResponse response = this.client.invokeEndpoint(sdkRequest(request));
			byte[] body = response.body().asByteArray();
			recordVariant(call, response);
			if (MessagesApi.isText(response.contentType())) {
				// A raw body says nothing about why generation stopped.
				call.outputMessages(() -> List.of(GenAiMessage.answer(MessagesApi.utf8(body), null)));
			}
			return new SageMakerInvocation(body, response.contentType(), response.invokedProductionVariant(),
					response.customAttributes());
		});
	}

	@Override
	public SageMakerChatCompletion chat(String endpointName, List<SageMakerMessage> messages,
			@Nullable Integer maxTokens, @Nullable Double temperature) {
		return chat(endpointName, messages, maxTokens, temperature, null);
	}

	@Override
	public SageMakerChatCompletion chat(String endpointName, List<SageMakerMessage> messages,
			@Nullable Integer maxTokens, @Nullable Double temperature, @Nullable Duration timeout) {
		SageMakerInvokerProperties.Endpoint endpoint = this.properties.endpoint(endpointName);
		GenAiRequest genAiRequest = genAiRequest("chat", endpointName, endpoint).withMaxTokens(maxTokens)
			.withTemperature(temperature);
		byte[] body = this.messagesApi.request(messages, maxTokens, temperature);
		SageMakerRequest request = new SageMakerRequest(endpointName, SageMakerRequest.APPLICATION_JSON,
				SageMakerRequest.APPLICATION_JSON, body, null, null);
		return call(endpointName, endpoint, genAiRequest, (call) -> {
			call.inputMessages(() -> messages.stream()
				.map((message) -> GenAiMessage.of(message.role(), message.content()))
				.toList());
			InvokeEndpointResponse response = this.client.invokeEndpoint(sdkRequest(request, timeout));
			recordVariant(call, response);
			Answer answer = this.messagesApi.answer(response.body().asByteArray());
			if (answer.inputTokens() != null && answer.outputTokens() != null) {
				call.usage(answer.inputTokens(), answer.outputTokens());
			}
			if (answer.finishReason() != null) {
				call.finishReasons(List.of(answer.finishReason()));
			}
			if (answer.model() != null) {
				call.responseModel(answer.model());
			}
			call.outputMessages(() -> List.of(GenAiMessage.answer(answer.content(), answer.finishReason())));
			return new SageMakerChatCompletion(answer.content(), answer.finishReason(), answer.inputTokens(),
					answer.outputTokens(), endpointName, endpoint.getModelVersion(),
					response.invokedProductionVariant());
		});
	}

	private <T> T call(String endpointName, SageMakerInvokerProperties.Endpoint endpoint, GenAiRequest genAiRequest,
			Function<GenAiCall, T> work) {
		GenAiCall call = this.genAi.start(genAiRequest);
		try (Observation.Scope scope = call.openScope()) {
			SageMakerInvokeObservationContext metrics = new SageMakerInvokeObservationContext(endpointName, this.team,
					endpoint.getModelVersion());
			Observation invoke = SageMakerObservationDocumentation.INVOKE
				.observation(this.invokeConvention, DefaultSageMakerInvokeObservationConvention.INSTANCE,
						() -> metrics, this.invokeMetrics)
				.start();
			try {
				return work.apply(call);
			}
			catch (RuntimeException ex) {
				String errorType = (ex instanceof InvalidAnswerException) ? SageMakerErrorTypes.MODEL_ERROR
						: SageMakerErrorTypes.of(ex);
				String message = describe(endpointName, errorType, ex);
				// The span gets a cause-free copy: exception events carry the stack trace with every
				// cause's message, and a container's error text may quote the prompt or the output.
				call.error(errorType, new SageMakerInvocationException(endpointName, errorType, message, null));
				metrics.setErrorType(errorType);
				logger.debug("{}", message);
				throw new SageMakerInvocationException(endpointName, errorType, message, ex);
			}
			finally {
				// Inside the GenAI scope: the duration's exemplar is the GenAI span.
				invoke.stop();
			}
		}
		finally {
			call.end();
		}
	}

	private GenAiRequest genAiRequest(String operation, String endpointName,
			SageMakerInvokerProperties.Endpoint endpoint) {
		return GenAiRequest.of(operation, GenAiRequest.PROVIDER_AWS_SAGEMAKER, endpoint.modelOr(endpointName))
			.withAttribute(SpanKeys.SAGEMAKER_ENDPOINT.asString(), endpointName)
			.withAttribute(SpanKeys.MODEL_VERSION.asString(), endpoint.getModelVersion())
			.withAttribute(SpanKeys.TEAM.asString(), this.team)
			.withAttribute(SpanKeys.CLOUD_REGION.asString(), this.properties.getRegion());
	}

	private InvokeEndpointRequest sdkRequest(SageMakerRequest request) {
		return sdkRequest(request, null);
	}

	private InvokeEndpointRequest sdkRequest(SageMakerRequest request, @Nullable Duration timeout) {
		InvokeEndpointRequest.Builder builder = sdkRequestBuilder(request);
		if (timeout != null && timeout.compareTo(this.properties.getApiCallTimeout()) < 0) {
			Duration limit = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
			builder.overrideConfiguration((configuration) -> configuration.apiCallTimeout(limit));
		}
		return builder.build();
	}

	private static InvokeEndpointRequest.Builder sdkRequestBuilder(SageMakerRequest request) {
		return InvokeEndpointRequest.builder()
			.endpointName(request.endpointName())
			.contentType(request.contentType())
			.accept(request.accept())
			.customAttributes(request.customAttributes())
			.targetVariant(request.targetVariant())
			.body(SdkBytes.fromByteArrayUnsafe(request.body()));
	}

	private static void recordVariant(GenAiCall call, InvokeEndpointResponse response) {
		if (response.invokedProductionVariant() != null) {
			call.context()
				.addHighCardinalityKeyValue(
						SpanKeys.INVOKED_VARIANT.withValue(response.invokedProductionVariant()));
		}
	}

	/**
	 * A message that is safe to log and record: endpoint, error type, exception class, and for
	 * service errors the AWS status, error code and request id, never the service's error text.
	 * Client-side messages (timeouts, connection failures) are kept: the SDK writes them.
	 */
	static String describe(String endpointName, String errorType, Throwable exception) {
		StringBuilder message = new StringBuilder("SageMaker InvokeEndpoint on '").append(endpointName)
			.append("' failed: ")
			.append(errorType)
			.append(" (")
			.append(exception.getClass().getSimpleName());
		if (exception instanceof AwsServiceException service) {
			message.append(", HTTP ").append(service.statusCode());
			if (service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
				message.append(", ").append(service.awsErrorDetails().errorCode());
			}
			if (service.requestId() != null) {
				message.append(", request id ").append(service.requestId());
			}
		}
		else if (exception instanceof InvalidAnswerException || exception instanceof SdkClientException) {
			// Written by the SDK or by us about the connection or the answer's shape, never quoting a body.
			message.append(": ").append(exception.getMessage());
		}
		return message.append(')').toString();
	}

}
