package io.llmplatform.telemetry.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class TestResourcesTests {

	private final List<String> closed = new ArrayList<>();

	@Test
	void closesTheLastStartedFirst() throws Exception {
		TestResources resources = new TestResources();
		AutoCloseable receiver = resources.add(closing("receiver"));
		resources.add(closing("app"));
		assertThat(receiver).isNotNull();
		resources.afterAll(null);
		assertThat(this.closed).containsExactly("app", "receiver");
	}

	@Test
	void closesEveryResourceWhenOneFailsToCloseAndReportsEveryFailure() {
		TestResources resources = new TestResources();
		resources.add(closing("receiver"));
		resources.add(() -> {
			throw new IllegalStateException("suite");
		});
		resources.add(() -> {
			throw new IllegalStateException("app");
		});
		assertThatException().isThrownBy(() -> resources.afterAll(null))
			.withMessage("app")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage).containsExactly("suite"));
		assertThat(this.closed).containsExactly("receiver");
	}

	@Test
	void closesEachResourceOnce() throws Exception {
		TestResources resources = new TestResources();
		resources.add(closing("receiver"));
		resources.afterAll(null);
		resources.afterAll(null);
		assertThat(this.closed).containsExactly("receiver");
	}

	private AutoCloseable closing(String name) {
		return () -> this.closed.add(name);
	}

}
