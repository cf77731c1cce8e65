/**
 * The gateway's telemetry: {@code team} on the SERVER span and the catalogued gateway metrics.
 */
@NullMarked
package io.llmplatform.gateway.observation;

import org.jspecify.annotations.NullMarked;
