/**
 * The admin API under {@code /admin/}: each team's traffic, quota use and limits, and the controlled failures of the
 * operations panel. Opened only by an admin key.
 */
@NullMarked
package io.llmplatform.gateway.admin;

import org.jspecify.annotations.NullMarked;
