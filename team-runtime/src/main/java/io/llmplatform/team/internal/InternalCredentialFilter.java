package io.llmplatform.team.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import io.llmplatform.team.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets only the gateway call the team service: the request's {@value #HEADER} header, hashed
 * with SHA-256, must equal one of the configured hashes ({@code platform.team.internal-credential-sha256},
 * several so that the credential can rotate). With none configured, only loopback callers
 * (127.0.0.0/8, ::1) are let through: the embedded defaults, where every service listens on
 * 127.0.0.1. Anything else is a 403 problem that never echoes the header.
 * <p>
 * Registered on the service's own port only: the actuator on the management port is a
 * separate context that this filter does not reach. Internal: not a stable API.
 */
public class InternalCredentialFilter extends OncePerRequestFilter {

	/** Request header carrying the credential that the gateway adds. */
	public static final String HEADER = "X-Internal-Credential";

	private static final Logger logger = LoggerFactory.getLogger(InternalCredentialFilter.class);

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

	private final List<byte[]> acceptedHashes;

	/**
	 * @param acceptedSha256Hex SHA-256 hashes (hex) of the accepted credentials; empty for
	 * loopback callers only
	 * @throws IllegalArgumentException if an entry is not 64 hex digits
	 */
	public InternalCredentialFilter(List<String> acceptedSha256Hex) {
		this.acceptedHashes = acceptedSha256Hex.stream().map(String::strip).filter((hash) -> !hash.isEmpty()).map((hash) -> {
			if (!SHA256_HEX.matcher(hash).matches()) {
				// The value itself is not repeated: it might be a credential pasted by mistake.
				throw new IllegalArgumentException(
						"platform.team.internal-credential-sha256: every entry must be a SHA-256 hash, 64 hex digits");
			}
			return HexFormat.of().parseHex(hash);
		}).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAccepted(request)) {
			chain.doFilter(request, response);
			return;
		}
		logger.warn("Rejected a request from {} to {}: not from the gateway ({} internal credential)",
				request.getRemoteAddr(), request.getRequestURI(),
				(request.getHeader(HEADER) != null) ? "wrong" : "no");
		FilterProblems.write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
				"only the gateway may call this service");
	}

	private boolean isAccepted(HttpServletRequest request) {
		if (this.acceptedHashes.isEmpty()) {
			return isLoopback(request.getRemoteAddr());
		}
		String credential = request.getHeader(HEADER);
		if (credential == null) {
			return false;
		}
		byte[] hash = sha256(credential);
		boolean accepted = false;
		for (byte[] candidate : this.acceptedHashes) {
			// Constant time, and every entry compared: timing says nothing about which one matched.
			accepted |= MessageDigest.isEqual(hash, candidate);
		}
		return accepted;
	}

	static boolean isLoopback(@Nullable String address) {
		if (address == null) {
			return false;
		}
		if (IPV4_LOOPBACK.matcher(address).matches()) {
			return true;
		}
		if (address.indexOf(':') < 0) {
			return false;
		}
		try {
			// An IPv6 literal (the servlet container gives literals): parsed, never looked up.
			String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException | IndexOutOfBoundsException ex) {
			return false;
		}
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
