/**
 * The gateway processed ahead of time (Spring AOT): what the build decided, checked at every start that uses it.
 */
@NullMarked
package io.llmplatform.gateway.aot;

import org.jspecify.annotations.NullMarked;
