package io.llmplatform.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys of the gateway tests: configured as their SHA-256, as operators do.
 */
final class TestKeys {

	private static final Pattern TEAM_PATH = Pattern.compile("/api/([^/]+)/.*");

	private TestKeys() {
	}

	static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The team of an {@code /api/<team>/...} path. */
	static Optional<String> teamOf(String path) {
		Matcher matcher = TEAM_PATH.matcher(path);
		return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

}
