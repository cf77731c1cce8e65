package io.llmplatform.simulator.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the admin API ({@code /admin/**}) behind its own key: {@code Authorization: Bearer <key>}
 * whose SHA-256 is one of {@code simulator.admin.api-key-sha256} (several, so that the key can
 * rotate). No or another key: 401 with {@code WWW-Authenticate: Bearer}. No key configured: the
 * admin API is off (403). The model APIs, {@code /metrics} and {@code /health} are not affected.
 */
public final class AdminApiKeyFilter implements WebFilter {

	private static final Logger logger = LoggerFactory.getLogger(AdminApiKeyFilter.class);

	private static final String PROBLEMS = "https://llmplatform.io/problems/";

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

	private static final String BEARER = "bearer ";

	private final List<byte[]> acceptedHashes;

	/**
	 * @param acceptedSha256Hex SHA-256 hashes (hex) of the accepted admin keys; empty turns the admin API off
	 * @throws IllegalArgumentException if an entry is not 64 hex digits
	 */
	public AdminApiKeyFilter(List<String> acceptedSha256Hex) {
		this.acceptedHashes = acceptedSha256Hex.stream().map(String::strip).filter((hash) -> !hash.isEmpty()).map((hash) -> {
			if (!SHA256_HEX.matcher(hash).matches()) {
				// The value is not repeated: it might be a key pasted by mistake.
				throw new IllegalArgumentException(
						"simulator.admin.api-key-sha256: every entry must be a SHA-256 hash, 64 hex digits");
			}
			return HexFormat.of().parseHex(hash);
		}).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!isAdminPath(exchange.getRequest().getPath().pathWithinApplication())) {
			return chain.filter(exchange);
		}
		if (this.acceptedHashes.isEmpty()) {
			return problem(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"The admin API is disabled until simulator.admin.api-key-sha256 is set.");
		}
		if (!isAccepted(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			logger.warn("Rejected an admin API request to {}: no valid admin key",
					exchange.getRequest().getPath().value());
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
					"The admin API needs Authorization: Bearer with the admin key.");
		}
		return chain.filter(exchange);
	}

	/**
	 * Whether the first segment, decoded as request mapping decodes it, is {@code admin}: so that
	 * {@code /%61dmin/faults}, {@code //admin} or {@code /admin;x=y} are no way around the key.
	 */
	static boolean isAdminPath(PathContainer path) {
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
				return segment.valueToMatch().equalsIgnoreCase("admin");
			}
		}
		return false;
	}

	private boolean isAccepted(String authorization) {
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
			return false;
		}
		byte[] hash = sha256(authorization.substring(BEARER.length()).strip());
		boolean accepted = false;
		for (byte[] candidate : this.acceptedHashes) {
			// Constant time, and every entry compared.
			accepted |= MessageDigest.isEqual(hash, candidate);
		}
		return accepted;
	}

	private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String type, String title,
			String detail) {
		String json = "{\"type\":\"" + PROBLEMS + type + "\",\"title\":\"" + title + "\",\"status\":" + status.value()
				+ ",\"detail\":\"" + detail + "\"}";
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
