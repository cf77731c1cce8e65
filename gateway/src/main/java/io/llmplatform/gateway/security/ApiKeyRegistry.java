package io.llmplatform.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.llmplatform.gateway.PlatformGatewayProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * The API keys the gateway accepts, by the SHA-256 hash of each key: the configured ones plus
 * those of the key file, which is re-read every {@code reload-interval} so that keys rotate
 * without a restart. A presented key is hashed and looked up; the key itself is never kept,
 * logged or compared as text.
 */
public class ApiKeyRegistry implements InitializingBean, DisposableBean {

	/** Principal of admin keys; a team cannot be called this. */
	public static final String ADMIN = "admin";

	private static final Log logger = LogFactory.getLog(ApiKeyRegistry.class);

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	/** The prototype each key hash is cloned from. */
	private static final MessageDigest SHA_256 = newSha256();

	private final PlatformGatewayProperties.ApiKeys properties;

	private final Map<String, String> configured;

	private volatile Map<String, String> principalsByHash;

	private volatile @Nullable String lastFileContent;

	private @Nullable ScheduledExecutorService reloader;

	public ApiKeyRegistry(PlatformGatewayProperties.ApiKeys properties) {
		this.properties = properties;
		Map<String, String> hashes = new HashMap<>();
		properties.getTeams().forEach((team, teamHashes) -> teamHashes.forEach((hash) -> put(hashes, team, hash,
				"platform.gateway.api-keys.teams." + team)));
		properties.getAdmin().forEach((hash) -> put(hashes, ADMIN, hash, "platform.gateway.api-keys.admin"));
		this.configured = Map.copyOf(hashes);
		this.principalsByHash = this.configured;
	}

	@Override
	public void afterPropertiesSet() {
		Path file = this.properties.getFile();
		if (file == null) {
			return;
		}
		if (!reload()) {
			throw new IllegalStateException("platform.gateway.api-keys.file " + file + " cannot be read");
		}
		long interval = this.properties.getReloadInterval().toMillis();
		this.reloader = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "api-key-reloader");
			thread.setDaemon(true);
			return thread;
		});
		this.reloader.scheduleWithFixedDelay(this::reload, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		if (this.reloader != null) {
			this.reloader.shutdownNow();
		}
	}

	/**
	 * Whose key this is.
	 * @param keyHash the {@link #sha256(String) hash} of a key as presented by a caller
	 * @return the team, {@value #ADMIN}, or {@code null} for an unknown key
	 */
	@Nullable String principalOfHash(String keyHash) {
		return this.principalsByHash.get(keyHash);
	}

	/**
	 * A short, non-reversible name for a key, fit for logs and spans: the first 8 hex digits of its hash.
	 * @param keyHash the {@link #sha256(String) hash} of a key as presented by a caller
	 * @return the fingerprint
	 */
	static String fingerprintOfHash(String keyHash) {
		return keyHash.substring(0, 8);
	}

	/**
	 * Re-reads the key file; keeps the keys it had when the file cannot be read or has a bad line.
	 * @return whether the keys now reflect the file
	 */
	boolean reload() {
		Path file = this.properties.getFile();
		if (file == null) {
			return true;
		}
		String content;
		try {
			content = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			logger.warn("API key file " + file + " cannot be read (" + ex.getClass().getSimpleName()
					+ "); keeping the keys loaded before");
			return false;
		}
		if (content.equals(this.lastFileContent)) {
			return true;
		}
		Map<String, String> hashes = new HashMap<>(this.configured);
		String[] lines = content.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\\s+");
			try {
				if (fields.length != 2) {
					throw new IllegalArgumentException("expected '<team-or-admin> <sha256-hex>'");
				}
				put(hashes, fields[0], fields[1], file + " line " + (i + 1));
			}
			catch (IllegalArgumentException ex) {
				// The line itself is never logged: a key pasted by mistake must not reach the logs.
				logger.warn("API key file " + file + " line " + (i + 1) + " is invalid (" + ex.getMessage()
						+ "); keeping the keys loaded before");
				return false;
			}
		}
		this.principalsByHash = Map.copyOf(hashes);
		this.lastFileContent = content;
		logger.info("Loaded " + hashes.size() + " API key hash(es) from configuration and " + file);
		return true;
	}

	private static void put(Map<String, String> hashes, String principal, String hash, String origin) {
		String normalized = hash.strip().toLowerCase(Locale.ROOT);
		if (!SHA256_HEX.matcher(normalized).matches()) {
			throw new IllegalArgumentException(origin + ": not a SHA-256 hash in hex (64 hex digits)");
		}
		String previous = hashes.putIfAbsent(normalized, principal);
		if (previous != null && !previous.equals(principal)) {
			throw new IllegalArgumentException(origin + ": the same key is configured for " + previous);
		}
	}

	static String sha256(String value) {
		MessageDigest digest;
		try {
			// A clone: getInstance looks the algorithm up among the security providers on every call.
			digest = (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			digest = newSha256();
		}
		return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
