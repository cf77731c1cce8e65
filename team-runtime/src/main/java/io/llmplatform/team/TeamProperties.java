package io.llmplatform.team;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * A team service's models, who may call it and how large a request may be. The team's name is
 * {@code platform.telemetry.team}.
 */
@ConfigurationProperties("platform.team")
public class TeamProperties {

	/** The team's own SageMaker endpoint, used by {@link TeamModels#primary}. */
	private @Nullable String endpoint;

	/** The vLLM baseline model; the vLLM client's default model when unset. */
	private @Nullable String baselineModel;

	/**
	 * SHA-256 hashes (hex) of the internal credentials the gateway may send in
	 * {@code X-Internal-Credential}; several so that the credential can rotate. Requests without one
	 * of them are refused with 403. Empty: only loopback callers are accepted.
	 */
	private List<String> internalCredentialSha256 = new ArrayList<>();

	/** Largest request body accepted; a larger one is refused with 413 before it is parsed. */
	private DataSize maxRequestBody = DataSize.ofMegabytes(1);

	/**
	 * Most bytes of request bodies that the requests in progress may hold together, by their
	 * {@code Content-Length}; a request beyond it is refused with 503 before its body is read. At
	 * least {@code max-request-body}, below 2 GB; the heap must leave room for a few times this while the bodies are parsed.
	 */
	private DataSize maxBufferedBodies = DataSize.ofMegabytes(16);

	/**
	 * Most header fields a request may have (Tomcat's maxHeaderCount); more are refused with 431. Above the
	 * gateway's platform.gateway.limits.max-header-count (100) and the few fields it adds.
	 */
	private int maxHeaderCount = 128;

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable String getBaselineModel() {
		return this.baselineModel;
	}

	public void setBaselineModel(@Nullable String baselineModel) {
		this.baselineModel = baselineModel;
	}

	public List<String> getInternalCredentialSha256() {
		return this.internalCredentialSha256;
	}

	public void setInternalCredentialSha256(List<String> internalCredentialSha256) {
		this.internalCredentialSha256 = internalCredentialSha256;
	}

	public DataSize getMaxRequestBody() {
		return this.maxRequestBody;
	}

	public void setMaxRequestBody(DataSize maxRequestBody) {
		this.maxRequestBody = maxRequestBody;
	}

	public DataSize getMaxBufferedBodies() {
		return this.maxBufferedBodies;
	}

	public void setMaxBufferedBodies(DataSize maxBufferedBodies) {
		this.maxBufferedBodies = maxBufferedBodies;
	}

	public int getMaxHeaderCount() {
		return this.maxHeaderCount;
	}

	public void setMaxHeaderCount(int maxHeaderCount) {
		this.maxHeaderCount = maxHeaderCount;
	}

}
