package io.llmplatform.simulator.engine;

/** Which wire protocol a simulated model is reached through. */
public enum ModelKind {

	/** A SageMaker Runtime endpoint, {@code /endpoints/{name}/invocations}. */
	SAGEMAKER_ENDPOINT,

	/** A model served by vLLM's OpenAI-compatible server, {@code /v1/...}. */
	VLLM_MODEL

}
