package io.llmplatform.gateway.security;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyRegistryTests {

	@Test
	void keysAreHashedWithSha256AsHex() {
		// FIPS 180-2's test vectors.
		assertThat(ApiKeyRegistry.sha256("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(ApiKeyRegistry.sha256(""))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assertThat(ApiKeyRegistry.fingerprintOfHash(ApiKeyRegistry.sha256("abc"))).isEqualTo("ba7816bf");
	}

	@Test
	void hashesOfConcurrentRequestsDoNotMix() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = IntStream.range(0, 2_000)
				.mapToObj((i) -> threads.submit(() -> ApiKeyRegistry.sha256((i % 2 == 0) ? "abc" : "")
					.equals((i % 2 == 0) ? "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
							: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")))
				.toList();
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
