package io.llmplatform.telemetry.test;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test class starts for all its tests (an OTLP receiver, an application, the suite's
 * processes), closed after the last of them, the last started first. A resource added before a
 * later one fails to start is closed all the same, so nothing outlives a failed class.
 * <pre class="code">
 * &#064;RegisterExtension
 * static final TestResources resources = new TestResources();
 *
 * &#064;BeforeAll
 * static void start() {
 *     receiver = resources.add(OtlpReceiver.start());
 *     app = resources.add(new SpringApplicationBuilder(App.class).run(...));
 * }
 * </pre>
 * Closed by {@link #close()} instead, it serves one invocation of a parameterized class.
 */
public final class TestResources implements AfterAllCallback, AutoCloseable {

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	/** Closes {@code resource} after all tests of the class; returns it. */
	public synchronized <T extends AutoCloseable> T add(T resource) {
		this.started.push(resource);
		return resource;
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		close();
	}

	/** Closes every resource added, the last added first; throws the first failure, the others suppressed. */
	@Override
	public void close() throws Exception {
		Exception failure = null;
		AutoCloseable resource;
		while ((resource = next()) != null) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private synchronized AutoCloseable next() {
		return this.started.poll();
	}

}
