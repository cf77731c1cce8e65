package io.llmplatform.gateway.security;

import io.llmplatform.gateway.problem.GatewayProblemException;
import io.llmplatform.gateway.problem.GatewayProblemType;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Checks that a request carries a key of the principal a path belongs to: a team for its
 * predict route, {@value ApiKeyRegistry#ADMIN} for the admin API. The key is taken from
 * {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}.
 */
public class ApiKeyAuthenticator {

	/** The alternative header for clients that cannot set {@code Authorization}. */
	public static final String API_KEY_HEADER = "x-api-key";

	private static final String BEARER = "Bearer ";

	private final ApiKeyRegistry registry;

	public ApiKeyAuthenticator(ApiKeyRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Lets the request through only with a key of {@code principal}.
	 * @param request the inbound request
	 * @param principal the team, or {@value ApiKeyRegistry#ADMIN}
	 * @return the fingerprint of the accepted key, for logs and spans
	 * @throws GatewayProblemException 401 without a known key, 403 with another principal's key
	 */
	public String authenticate(ServerHttpRequest request, String principal) {
		String key = presentedKey(request.getHeaders());
		if (key == null) {
			throw unauthenticated("An API key is required: send Authorization: Bearer <key>.");
		}
		// Hashed once: for the lookup and for the fingerprint.
		String keyHash = ApiKeyRegistry.sha256(key);
		String owner = this.registry.principalOfHash(keyHash);
		if (owner == null) {
			throw unauthenticated("The API key is not valid.");
		}
		if (!owner.equals(principal)) {
			throw new GatewayProblemException(GatewayProblemType.FORBIDDEN, ApiKeyRegistry.ADMIN.equals(principal)
					? "The admin API needs an admin key." : "This API key does not open the team in the path.");
		}
		return ApiKeyRegistry.fingerprintOfHash(keyHash);
	}

	/**
	 * Whether a header can carry a key: such headers never leave the gateway.
	 * @param name a header name, in any case
	 * @return whether it is {@code Authorization} or {@value #API_KEY_HEADER}
	 */
	public static boolean carriesKey(String name) {
		return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) || API_KEY_HEADER.equalsIgnoreCase(name);
	}

	static @Nullable String presentedKey(HttpHeaders headers) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			String key = authorization.substring(BEARER.length()).strip();
			return key.isEmpty() ? null : key;
		}
		String key = headers.getFirst(API_KEY_HEADER);
		return (key == null || key.isBlank()) ? null : key.strip();
	}

	private static GatewayProblemException unauthenticated(String detail) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"llmplatform\"");
		return new GatewayProblemException(GatewayProblemType.UNAUTHENTICATED, detail, headers);
	}

}
