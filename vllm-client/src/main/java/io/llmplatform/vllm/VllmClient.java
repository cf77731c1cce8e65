package io.llmplatform.vllm;

import java.util.function.Consumer;

/**
 * A blocking client of vLLM's OpenAI-compatible API ({@code /v1/chat/completions},
 * {@code /v1/completions}). A request whose model is {@code null} goes to the configured
 * default model ({@code vllm.client.model}).
 * <p>
 * Every failure is a {@link VllmClientException} ({@link VllmTimeoutException} when no answer
 * came in time); its message never contains prompt or completion text. With telemetry-starter
 * on the class path each call is one GenAI CLIENT span ({@code chat {model}} or
 * {@code text_completion {model}}) with the {@code gen_ai.client.*} metrics.
 */
public interface VllmClient {

	/**
	 * Asks for a chat completion.
	 * @param request the messages and sampling parameters
	 * @return the answer with its token usage
	 * @throws VllmClientException if vLLM answered with an error or not at all
	 */
	ChatCompletion chat(ChatRequest request);

	/**
	 * Streams a chat completion (SSE with {@code stream_options.include_usage}), handing each
	 * content delta to {@code onDelta} on the calling thread as it arrives.
	 * @param request the messages and sampling parameters
	 * @param onDelta receives each non-empty content delta, in order
	 * @return the whole answer, including the usage of the stream's last chunk
	 * @throws VllmClientException if vLLM answered with an error, broke off, or took too long
	 */
	ChatCompletion chatStream(ChatRequest request, Consumer<String> onDelta);

	/**
	 * Asks for a text completion of a prompt.
	 * @param request the prompt and sampling parameters
	 * @return the answer with its token usage
	 * @throws VllmClientException if vLLM answered with an error or not at all
	 */
	TextCompletion complete(CompletionRequest request);

	/**
	 * Streams a text completion, handing each text delta to {@code onDelta} as it arrives.
	 * @param request the prompt and sampling parameters
	 * @param onDelta receives each non-empty text delta, in order
	 * @return the whole answer, including the usage of the stream's last chunk
	 * @throws VllmClientException if vLLM answered with an error, broke off, or took too long
	 */
	TextCompletion completeStream(CompletionRequest request, Consumer<String> onDelta);

}
