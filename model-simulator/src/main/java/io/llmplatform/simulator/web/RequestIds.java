package io.llmplatform.simulator.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids shaped like AWS's (UUIDs), without {@link UUID#randomUUID()}'s shared SecureRandom on the hot path. */
public final class RequestIds {

	private RequestIds() {
	}

	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

}
