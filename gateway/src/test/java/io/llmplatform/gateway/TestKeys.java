package io.llmplatform.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which team's key a test request sends: {@code key-<team>} for an {@code /api/<team>/...} path.
 */
final class TestKeys {

	private static final Pattern TEAM_PATH = Pattern.compile("/api/([^/]+)/.*");

	private TestKeys() {
	}

	/** The team of an {@code /api/<team>/...} path. */
	static Optional<String> teamOf(String path) {
		Matcher matcher = TEAM_PATH.matcher(path);
		return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

}
