/**
 * Implementation of the SageMaker invoker. Internal: not a stable API; use the root package.
 */
@NullMarked
package io.llmplatform.sagemaker.internal;

import org.jspecify.annotations.NullMarked;
