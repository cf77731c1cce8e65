/**
 * A sample service for the starter's tests.
 */
package io.llmplatform.telemetry.sample;
