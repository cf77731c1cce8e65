package io.llmplatform.gateway.aot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what to do about a {@link BuildTimeSwitchesException}, in place of its stack trace.
 */
class BuildTimeSwitchesFailureAnalyzer extends AbstractFailureAnalyzer<BuildTimeSwitchesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BuildTimeSwitchesException cause) {
		String description = "The gateway was started on the beans that its build decided ahead of time "
				+ "(-Dspring.aot.enabled=true), and these switches differ from the build's, so their beans would be "
				+ "missing or unwanted:\n  - " + String.join("\n  - ", cause.differences());
		String action = "Start the gateway without -Dspring.aot.enabled=true (JAVA_TOOL_OPTIONS in Kubernetes), or "
				+ "build it with these switches set for spring-boot:process-aot.";
		return new FailureAnalysis(description, action, cause);
	}

}
