/**
 * RFC 9457 problem details for every error the gateway answers itself.
 */
@NullMarked
package io.llmplatform.gateway.problem;

import org.jspecify.annotations.NullMarked;
