package io.llmplatform.telemetry.tracing;

import java.util.function.BiPredicate;
import java.util.function.IntSupplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * An {@link ObservationPredicate} that turns off the server observation of actuator
 * requests (health probes, Prometheus scrapes): every request on the management port when
 * actuator has a port of its own, else those under the actuator base path. Without it every
 * probe makes a trace of its own. The switch is {@code platform.telemetry.tracing.actuator}.
 * <p>
 * The ports are asked for on each request, as they are known only once the servers run
 * (a management port of 0 is chosen at start).
 * <p>
 * The server request context classes of Spring MVC and WebFlux differ; each side gives the
 * request's path and local port through {@link #servlet()} or {@link #reactive()}.
 */
public final class ActuatorRequests implements ObservationPredicate {

	private final String basePath;

	private final IntSupplier managementPort;

	private final IntSupplier serverPort;

	private final BiPredicate<ActuatorRequests, Observation.Context> matcher;

	private ActuatorRequests(String basePath, IntSupplier managementPort, IntSupplier serverPort,
			BiPredicate<ActuatorRequests, Observation.Context> matcher) {
		this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
		this.managementPort = managementPort;
		this.serverPort = serverPort;
		this.matcher = matcher;
	}

	/**
	 * For Spring MVC.
	 * @param basePath the actuator base path ({@code management.endpoints.web.base-path})
	 * @param managementPort the management port, or a value &lt;= 0 when none is known
	 * @param serverPort the main port, or a value &lt;= 0 when none is known
	 * @return the predicate
	 */
	public static ActuatorRequests servlet(String basePath, IntSupplier managementPort, IntSupplier serverPort) {
		return new ActuatorRequests(basePath, managementPort, serverPort, (self, context) -> {
			if (context instanceof org.springframework.http.server.observation.ServerRequestObservationContext server) {
				return self.isActuator(server.getCarrier().getRequestURI(), server.getCarrier().getLocalPort());
			}
			return false;
		});
	}

	/**
	 * For WebFlux.
	 * @param basePath the actuator base path ({@code management.endpoints.web.base-path})
	 * @param managementPort the management port, or a value &lt;= 0 when none is known
	 * @param serverPort the main port, or a value &lt;= 0 when none is known
	 * @return the predicate
	 */
	public static ActuatorRequests reactive(String basePath, IntSupplier managementPort, IntSupplier serverPort) {
		return new ActuatorRequests(basePath, managementPort, serverPort, (self, context) -> {
			if (context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext server) {
				var request = server.getCarrier();
				int port = (request.getLocalAddress() != null) ? request.getLocalAddress().getPort() : -1;
				return self.isActuator(request.getPath().value(), port);
			}
			return false;
		});
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		return !this.matcher.test(this, context);
	}

	boolean isActuator(String path, int localPort) {
		int management = this.managementPort.getAsInt();
		if (management > 0 && management != this.serverPort.getAsInt()) {
			return localPort == management;
		}
		if (this.basePath.isEmpty()) {
			return true;
		}
		return path.equals(this.basePath) || path.startsWith(this.basePath + "/");
	}

}
