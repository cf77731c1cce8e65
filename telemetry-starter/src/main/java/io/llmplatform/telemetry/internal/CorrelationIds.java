package io.llmplatform.telemetry.internal;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts an inbound correlation id only when it is short and made of safe characters
 * (it ends up in logs, spans and response headers); anything else is replaced by a new id.
 * Internal: not a stable API.
 */
public final class CorrelationIds {

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]+");

	private final int maxLength;

	public CorrelationIds(int maxLength) {
		this.maxLength = maxLength;
	}

	/**
	 * The id to use for a request.
	 * @param inbound the id the caller sent (header or baggage), may be {@code null}
	 * @return the inbound id when acceptable, else a new random one
	 */
	public String resolve(String inbound) {
		if (inbound != null && !inbound.isEmpty() && inbound.length() <= this.maxLength
				&& SAFE.matcher(inbound).matches()) {
			return inbound;
		}
		return UUID.randomUUID().toString();
	}

}
