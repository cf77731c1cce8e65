package io.llmplatform.gateway.aot;

import java.util.List;

/**
 * A start on the ahead-of-time processed beans whose {@link BuildTimeSwitches switches} differ from the build's.
 */
class BuildTimeSwitchesException extends IllegalStateException {

	private final List<String> differences;

	BuildTimeSwitchesException(List<String> differences) {
		super("Started with -Dspring.aot.enabled=true, but the build decided the beans with other switches: "
				+ String.join("; ", differences));
		this.differences = List.copyOf(differences);
	}

	List<String> differences() {
		return this.differences;
	}

}
