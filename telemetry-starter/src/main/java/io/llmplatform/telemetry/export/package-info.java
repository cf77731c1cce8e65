/**
 * Accounting for telemetry that could not be delivered.
 */
package io.llmplatform.telemetry.export;
