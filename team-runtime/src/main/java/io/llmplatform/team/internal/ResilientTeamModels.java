package io.llmplatform.team.internal;

import java.util.List;
import java.util.Map;

import io.llmplatform.sagemaker.SageMakerChatCompletion;
import io.llmplatform.sagemaker.SageMakerInvocationException;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.sagemaker.SageMakerMessage;
import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TeamResilienceProperties;
import io.llmplatform.team.TokenUsage;
import io.llmplatform.vllm.ChatCompletion;
import io.llmplatform.vllm.ChatMessage;
import io.llmplatform.vllm.ChatRequest;
import io.llmplatform.vllm.VllmClient;
import io.llmplatform.vllm.VllmClientException;
import org.jspecify.annotations.Nullable;

/**
 * {@link TeamModels} over the SageMaker invoker and the vLLM client, each model behind its own
 * bulkhead, retry and circuit breaker ({@link ModelGuards}, configured per call kind by
 * {@code platform.team.resilience.sagemaker.*} and {@code ...baseline.*}; the baseline's are named
 * {@code baseline}), each call's timeout taken from the request's deadline. Client failures become
 * {@link ModelCallException}s with the suite's error types. Internal: not a stable API.
 */
public class ResilientTeamModels implements TeamModels {

	private final SageMakerInvoker sageMaker;

	private final VllmClient vllm;

	private final ModelGuards guards;

	private final TeamResilienceProperties resilience;

	private final @Nullable String primaryEndpoint;

	private final @Nullable String baselineModel;

	public ResilientTeamModels(SageMakerInvoker sageMaker, VllmClient vllm, ModelGuards guards,
			TeamResilienceProperties resilience, @Nullable String primaryEndpoint, @Nullable String baselineModel) {
		this.sageMaker = sageMaker;
		this.vllm = vllm;
		this.guards = guards;
		this.resilience = resilience;
		this.primaryEndpoint = primaryEndpoint;
		this.baselineModel = baselineModel;
	}

	@Override
	public Prediction primary(PredictInput input) {
		if (this.primaryEndpoint == null) {
			throw new IllegalStateException("platform.team.endpoint is not set");
		}
		return endpoint(this.primaryEndpoint, input);
	}

	@Override
	public Prediction endpoint(String endpointName, PredictInput input) {
		List<SageMakerMessage> messages = input.messages()
			.stream()
			.map((turn) -> new SageMakerMessage(turn.role(), turn.content()))
			.toList();
		SageMakerChatCompletion completion = this.guards.call(endpointName, this.resilience.getSagemaker(),
				(timeout) -> {
					try {
						return this.sageMaker.chat(endpointName, messages, input.maxTokens(), input.temperature(),
								timeout);
					}
					catch (SageMakerInvocationException ex) {
						throw new ModelCallException(endpointName, ex.errorType(), ex.getMessage(), ex);
					}
				});
		TokenUsage usage = new TokenUsage(orZero(completion.inputTokens()), orZero(completion.outputTokens()));
		return new Prediction(completion.content(), completion.endpointName(), completion.modelVersion(),
				completion.endpointName(), usage, Map.of());
	}

	@Override
	public Prediction baseline(PredictInput input) {
		List<ChatMessage> messages = input.messages().stream().map(ResilientTeamModels::toVllm).toList();
		ChatRequest request = new ChatRequest(this.baselineModel, messages, input.maxTokens(), input.temperature());
		ChatCompletion completion = this.guards.call(Prediction.BASELINE, this.resilience.getBaseline(), (timeout) -> {
			ChatRequest timed = request.withTimeout(timeout);
			try {
				return input.stream() ? this.vllm.chatStream(timed, (delta) -> {
				}) : this.vllm.chat(timed);
			}
			catch (VllmClientException ex) {
				throw new ModelCallException(Prediction.BASELINE, ex.telemetryErrorType(), ex.getMessage(), ex);
			}
		});
		TokenUsage usage = (completion.usage() != null)
				? new TokenUsage(completion.usage().promptTokens(), completion.usage().completionTokens())
				: TokenUsage.UNKNOWN;
		return new Prediction(completion.content(), completion.model(), completion.model(), Prediction.BASELINE,
				usage, Map.of());
	}

	@Override
	public void requireAvailable(String endpointName) {
		this.guards.requireClosed(endpointName, this.resilience.getSagemaker());
	}

	private static ChatMessage toVllm(ChatTurn turn) {
		return new ChatMessage(turn.role(), turn.content());
	}

	private static int orZero(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

}
