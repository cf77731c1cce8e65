/**
 * GenAI client calls as Micrometer observations: {@link io.llmplatform.genai.GenAiTelemetry}
 * declares a model call, {@link io.llmplatform.genai.GenAiObservationDocumentation} documents
 * its span, and {@link io.llmplatform.genai.ErrorType} is the suite's one vocabulary of what
 * went wrong.
 */
@NullMarked
package io.llmplatform.genai;

import org.jspecify.annotations.NullMarked;
