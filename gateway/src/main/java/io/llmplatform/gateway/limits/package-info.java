/**
 * Hard limits of the main port: request target, header fields, body, connection count and the time a client may take.
 */
@NullMarked
package io.llmplatform.gateway.limits;

import org.jspecify.annotations.NullMarked;
