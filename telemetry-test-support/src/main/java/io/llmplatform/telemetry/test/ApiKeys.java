package io.llmplatform.telemetry.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keys and credentials for tests, as the suite configures them: random (32 bytes from
 * {@link SecureRandom}, URL-safe base64 without padding, as {@code bin/run-local} makes them) and
 * configured as their SHA-256 in lower-case hex, never in plain text.
 */
public final class ApiKeys {

	private static final SecureRandom random = new SecureRandom();

	private ApiKeys() {
	}

	/** A new random key: 32 bytes, URL-safe base64 without padding (43 characters). */
	public static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The SHA-256 of the key's UTF-8 bytes, lower-case hex: what the services are configured with. */
	public static String sha256Hex(String key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
