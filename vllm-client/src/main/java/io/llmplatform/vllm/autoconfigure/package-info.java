/**
 * Auto-configuration of the vLLM client.
 */
@NullMarked
package io.llmplatform.vllm.autoconfigure;

import org.jspecify.annotations.NullMarked;
