/**
 * The implementation of the vLLM client: not a stable API, may change without notice.
 */
@NullMarked
package io.llmplatform.vllm.internal;

import org.jspecify.annotations.NullMarked;
