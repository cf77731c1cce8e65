/**
 * The gateway application: team routes from configuration, problem details, gateway metrics.
 */
@NullMarked
package io.llmplatform.gateway;

import org.jspecify.annotations.NullMarked;
