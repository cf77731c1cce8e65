/**
 * Auto-configuration of the SageMaker invoker.
 */
@NullMarked
package io.llmplatform.sagemaker.autoconfigure;

import org.jspecify.annotations.NullMarked;
