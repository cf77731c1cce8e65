package io.llmplatform.simulator.sagemaker;

import tools.jackson.databind.JsonNode;

import io.llmplatform.simulator.engine.ChatTemplate;
import io.llmplatform.simulator.engine.ModelProfile;
import io.llmplatform.simulator.openai.BadRequestException;
import io.llmplatform.simulator.openai.OpenAiRequests;
import io.llmplatform.simulator.openai.SamplingParams;

/**
 * An invocation body as a Hugging Face TGI (LLM inference) container on SageMaker accepts it: either
 * {@code {"inputs": "...", "parameters": {"max_new_tokens", "temperature", "seed", "details"}}} or the
 * Messages API {@code {"messages": [...], "max_tokens", "temperature"}}.
 *
 * @param messagesApi true for the Messages API (answered as an OpenAI chat completion)
 * @param prompt the prompt text the model sees (chat template applied for messages)
 * @param sampling max tokens, temperature and seed
 * @param details whether TGI's {@code details} block was asked for
 */
record InvocationBody(boolean messagesApi, String prompt, SamplingParams sampling, boolean details) {

	/** Reads the body; throws {@link ContainerRejectedException} where TGI would answer 422. */
	static InvocationBody read(JsonNode body, ModelProfile profile) {
		if (body == null || !body.isObject()) {
			throw new ContainerRejectedException("Failed to deserialize the JSON body into the target type: "
					+ "expected a JSON object");
		}
		try {
			if (body.has("messages")) {
				String prompt = ChatTemplate.render(OpenAiRequests.messages(body));
				return new InvocationBody(true, prompt,
						SamplingParams.read(body, "max_tokens", profile.defaultMaxTokens()), false);
			}
			JsonNode inputs = body.path("inputs");
			if (!inputs.isString()) {
				throw new ContainerRejectedException("Failed to deserialize the JSON body into the target type: "
						+ "missing field `inputs`");
			}
			JsonNode parameters = body.path("parameters");
			SamplingParams sampling = SamplingParams.read(parameters.isObject() ? parameters : body.path("none"),
					"max_new_tokens", profile.defaultMaxTokens());
			// TGI decodes greedily unless sampling is asked for (do_sample, or a temperature).
			boolean sample = parameters.path("do_sample").asBoolean(false) || parameters.has("temperature");
			if (!sample) {
				sampling = new SamplingParams(sampling.maxTokens(), 0, sampling.seed());
			}
			return new InvocationBody(false, inputs.stringValue(), sampling, parameters.path("details").asBoolean(false));
		}
		catch (BadRequestException ex) {
			throw new ContainerRejectedException("Input validation error: " + ex.getMessage());
		}
	}

}
