package io.llmplatform.sagemaker;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Calls SageMaker Runtime endpoints. Every call is one GenAI CLIENT span and is measured in
 * {@code sagemaker.invoke.duration} / {@code sagemaker.invoke.errors}; a failure is a
 * {@link SageMakerInvocationException} carrying a low-cardinality
 * {@link SageMakerInvocationException#errorType() error type}.
 * <p>
 * The SDK does not retry by default ({@code platform.sagemaker.max-attempts=1}): guard calls
 * with resilience4j (retry, circuit breaker, fallback) at the caller.
 */
public interface SageMakerInvoker {

	/**
	 * Raw InvokeEndpoint: bytes in, bytes out (content type, accept, custom attributes, target
	 * variant).
	 * @param request what to send
	 * @return the endpoint's answer
	 * @throws SageMakerInvocationException when the call fails
	 */
	SageMakerInvocation invoke(SageMakerRequest request);

	/**
	 * Chat through the endpoint's Messages API (OpenAI-style JSON body
	 * {@code {"messages":[...],"max_tokens":..,"temperature":..}}), token usage parsed from the
	 * answer.
	 * @param endpointName the SageMaker endpoint
	 * @param messages the conversation, oldest first
	 * @param maxTokens most tokens to generate, or {@code null} for the endpoint's default
	 * @param temperature sampling temperature, or {@code null} for the endpoint's default
	 * @return the assistant's answer
	 * @throws SageMakerInvocationException when the call fails or the answer is not a chat completion
	 */
	SageMakerChatCompletion chat(String endpointName, List<SageMakerMessage> messages, @Nullable Integer maxTokens,
			@Nullable Double temperature);

	/**
	 * {@link #chat(String, List, Integer, Double)} with a time limit of its own, e.g. what is
	 * left of the caller's deadline: the SDK's {@code apiCallTimeout} of this call only (the
	 * configured {@code platform.sagemaker.api-call-timeout} still applies when it is shorter).
	 * @param endpointName the SageMaker endpoint
	 * @param messages the conversation, oldest first
	 * @param maxTokens most tokens to generate, or {@code null} for the endpoint's default
	 * @param temperature sampling temperature, or {@code null} for the endpoint's default
	 * @param timeout longest time the call may take, or {@code null} for the configured one
	 * @return the assistant's answer
	 * @throws SageMakerInvocationException when the call fails (a call out of time is {@code timeout})
	 */
	default SageMakerChatCompletion chat(String endpointName, List<SageMakerMessage> messages,
			@Nullable Integer maxTokens, @Nullable Double temperature, @Nullable Duration timeout) {
		return chat(endpointName, messages, maxTokens, temperature);
	}

}
