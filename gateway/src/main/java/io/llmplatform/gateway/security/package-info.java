/**
 * Who may call the gateway: team and admin API keys, kept as SHA-256 hashes and re-read while the gateway runs.
 */
@NullMarked
package io.llmplatform.gateway.security;

import org.jspecify.annotations.NullMarked;
