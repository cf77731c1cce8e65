/**
 * Trace context from the public side: not trusted by default, so a caller cannot join, poison or inflate the platform's traces.
 */
@NullMarked
package io.llmplatform.gateway.tracing;

import org.jspecify.annotations.NullMarked;
