package io.llmplatform.telemetry.tracing;

import java.util.function.BiPredicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * An {@link ObservationPredicate} that turns off the server observation of actuator
 * requests (health probes, Prometheus scrapes): those under the actuator base path on the
 * main port, and every request on the management port. Without it every probe makes a
 * trace of its own. The switch is {@code platform.telemetry.tracing.actuator}.
 * <p>
 * The server request context classes of Spring MVC and WebFlux differ; each side gives the
 * request's path and local port through {@link #servlet()} or {@link #reactive()}.
 */
public final class ActuatorRequests implements ObservationPredicate {

	private final String basePath;

	private final int managementPort;

	private final BiPredicate<ActuatorRequests, Observation.Context> matcher;

	private ActuatorRequests(String basePath, int managementPort,
			BiPredicate<ActuatorRequests, Observation.Context> matcher) {
		this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
		this.managementPort = managementPort;
		this.matcher = matcher;
	}

	/**
	 * For Spring MVC.
	 * @param basePath the actuator base path ({@code management.endpoints.web.base-path})
	 * @param managementPort {@code management.server.port}, or a value &lt;= 0 when it is the main port
	 */
	public static ActuatorRequests servlet(String basePath, int managementPort) {
		return new ActuatorRequests(basePath, managementPort, (self, context) -> {
			if (context instanceof org.springframework.http.server.observation.ServerRequestObservationContext server) {
				return self.isActuator(server.getCarrier().getRequestURI(), server.getCarrier().getLocalPort());
			}
			return false;
		});
	}

	/**
	 * For WebFlux.
	 * @param basePath the actuator base path ({@code management.endpoints.web.base-path})
	 * @param managementPort {@code management.server.port}, or a value &lt;= 0 when it is the main port
	 */
	public static ActuatorRequests reactive(String basePath, int managementPort) {
		return new ActuatorRequests(basePath, managementPort, (self, context) -> {
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
		if (this.managementPort > 0 && localPort == this.managementPort) {
			return true;
		}
		if (this.basePath.isEmpty()) {
			return false;
		}
		return path.equals(this.basePath) || path.startsWith(this.basePath + "/");
	}

}
