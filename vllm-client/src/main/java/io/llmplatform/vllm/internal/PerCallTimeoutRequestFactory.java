package io.llmplatform.vllm.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * JDK HTTP client requests whose read timeout (the whole exchange, body included) is the
 * current call's: {@link RestClientVllmClient} sets it with {@link #withTimeout} around each
 * exchange, on the calling thread, where the RestClient creates the request. One shared
 * {@link HttpClient}; a request factory per request is only a small object. Internal.
 */
public final class PerCallTimeoutRequestFactory implements ClientHttpRequestFactory {

	private static final ThreadLocal<@Nullable Duration> CURRENT = new ThreadLocal<>();

	private final HttpClient httpClient;

	private final Executor executor;

	private final Duration defaultTimeout;

	/**
	 * @param httpClient the shared client (connect timeout, SSL, HTTP version)
	 * @param defaultTimeout the read timeout of calls that set none
	 */
	public PerCallTimeoutRequestFactory(HttpClient httpClient, Duration defaultTimeout) {
		this.httpClient = httpClient;
		this.executor = httpClient.executor().orElseGet(SimpleAsyncTaskExecutor::new);
		this.defaultTimeout = defaultTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(this.httpClient, this.executor);
		Duration timeout = CURRENT.get();
		factory.setReadTimeout((timeout != null) ? timeout : this.defaultTimeout);
		return factory.createRequest(uri, httpMethod);
	}

	/**
	 * Runs work whose requests, created on this thread, time out after {@code timeout}.
	 * @param <T> the result type
	 * @param timeout the read timeout
	 * @param work the exchange
	 * @return its result
	 */
	static <T> T withTimeout(Duration timeout, Supplier<T> work) {
		Duration previous = CURRENT.get();
		CURRENT.set(timeout);
		try {
			return work.get();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

}
