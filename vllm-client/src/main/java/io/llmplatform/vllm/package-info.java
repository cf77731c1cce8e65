/**
 * An OpenAI-compatible client for vLLM: {@link io.llmplatform.vllm.VllmClient} and the values
 * it takes and returns. Wiring lives in {@code io.llmplatform.vllm.autoconfigure}; everything
 * in {@code io.llmplatform.vllm.internal} may change without notice.
 */
@NullMarked
package io.llmplatform.vllm;

import org.jspecify.annotations.NullMarked;
