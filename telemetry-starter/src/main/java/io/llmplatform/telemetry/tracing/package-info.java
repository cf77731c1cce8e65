/**
 * Spans and OTLP metrics from Micrometer as the semantic conventions want them: typed
 * attributes ({@link io.llmplatform.telemetry.tracing.SpanAttributeTypes}), and no traces of
 * actuator requests unless switched on.
 */
package io.llmplatform.telemetry.tracing;
