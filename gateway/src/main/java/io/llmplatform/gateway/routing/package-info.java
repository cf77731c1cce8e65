/**
 * Routes built from {@code platform.gateway.teams}, and the rejection of predict requests no team route takes.
 */
@NullMarked
package io.llmplatform.gateway.routing;

import org.jspecify.annotations.NullMarked;
