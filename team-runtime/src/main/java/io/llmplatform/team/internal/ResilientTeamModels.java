package io.llmplatform.team.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmplatform.sagemaker.SageMakerChatCompletion;
import io.llmplatform.sagemaker.SageMakerInvocationException;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.sagemaker.SageMakerMessage;
import io.llmplatform.team.ChatTurn;
import io.llmplatform.team.ModelCallException;
import io.llmplatform.team.PredictInput;
import io.llmplatform.team.Prediction;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TokenUsage;
import io.llmplatform.vllm.ChatCompletion;
import io.llmplatform.vllm.ChatMessage;
import io.llmplatform.vllm.ChatRequest;
import io.llmplatform.vllm.VllmClient;
import io.llmplatform.vllm.VllmClientException;
import org.jspecify.annotations.Nullable;

/**
 * {@link TeamModels} over the SageMaker invoker and the vLLM client, each model behind the
 * circuit breaker named after it ({@code resilience4j.circuitbreaker.instances.<endpoint>}
 * and {@code ...instances.baseline} configure them). Internal: not a stable API.
 */
public class ResilientTeamModels implements TeamModels {

	private final SageMakerInvoker sageMaker;

	private final VllmClient vllm;

	private final CircuitBreakerRegistry circuitBreakers;

	private final @Nullable String primaryEndpoint;

	private final @Nullable String baselineModel;

	public ResilientTeamModels(SageMakerInvoker sageMaker, VllmClient vllm, CircuitBreakerRegistry circuitBreakers,
			@Nullable String primaryEndpoint, @Nullable String baselineModel) {
		this.sageMaker = sageMaker;
		this.vllm = vllm;
		this.circuitBreakers = circuitBreakers;
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
		SageMakerChatCompletion completion = guarded(endpointName,
				() -> this.sageMaker.chat(endpointName, messages, input.maxTokens(), input.temperature()));
		TokenUsage usage = new TokenUsage(orZero(completion.inputTokens()), orZero(completion.outputTokens()));
		return new Prediction(completion.content(), completion.endpointName(), completion.modelVersion(),
				completion.endpointName(), usage, Map.of());
	}

	@Override
	public Prediction baseline(PredictInput input) {
		List<ChatMessage> messages = input.messages().stream().map(ResilientTeamModels::toVllm).toList();
		ChatRequest request = new ChatRequest(this.baselineModel, messages, input.maxTokens(), input.temperature());
		ChatCompletion completion = guarded(Prediction.BASELINE,
				() -> input.stream() ? this.vllm.chatStream(request, (delta) -> {
				}) : this.vllm.chat(request));
		TokenUsage usage = (completion.usage() != null)
				? new TokenUsage(completion.usage().promptTokens(), completion.usage().completionTokens())
				: TokenUsage.UNKNOWN;
		return new Prediction(completion.content(), completion.model(), completion.model(), Prediction.BASELINE,
				usage, Map.of());
	}

	private <T> T guarded(String model, Supplier<T> call) {
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(model);
		try {
			return breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new ModelCallException(model, ModelCallException.CIRCUIT_OPEN,
					"circuit breaker '" + model + "' is open", ex);
		}
		catch (SageMakerInvocationException ex) {
			throw new ModelCallException(model, ex.errorType(), ex.getMessage(), ex);
		}
		catch (VllmClientException ex) {
			throw new ModelCallException(model, ex.telemetryErrorType(), ex.getMessage(), ex);
		}
	}

	private static ChatMessage toVllm(ChatTurn turn) {
		return new ChatMessage(turn.role(), turn.content());
	}

	private static int orZero(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

}
