/**
 * The SageMaker invoker's public API: what team services code against.
 */
@NullMarked
package io.llmplatform.sagemaker;

import org.jspecify.annotations.NullMarked;
