/**
 * What guards each team service behind the gateway: the request's deadline (set here, passed on
 * in {@code X-Request-Deadline-Ms}), a bulkhead per team and a circuit breaker per team route.
 */
@NullMarked
package io.llmplatform.gateway.resilience;

import org.jspecify.annotations.NullMarked;
