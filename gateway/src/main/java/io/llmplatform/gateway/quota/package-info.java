/**
 * Per-team quotas: a request rate with a burst and a token budget per minute, as token buckets in memory or in Redis.
 */
@NullMarked
package io.llmplatform.gateway.quota;

import org.jspecify.annotations.NullMarked;
