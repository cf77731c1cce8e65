package io.llmplatform.telemetry.autoconfigure;

import java.util.function.IntSupplier;

import io.llmplatform.telemetry.tracing.ActuatorRequests;
import io.llmplatform.telemetry.tracing.SpanAttributeTypes;
import io.llmplatform.telemetry.tracing.TelemetryTracingProperties;
import io.llmplatform.telemetry.tracing.TypedPropagatingReceiverTracingObservationHandler;
import io.llmplatform.telemetry.tracing.TypedPropagatingSenderTracingObservationHandler;
import io.llmplatform.telemetry.tracing.TypedTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Spans from observations as the semantic conventions want them. Provides Boot's three
 * tracing observation handlers in their {@link SpanAttributeTypes typed} variants (Boot's
 * back off when a bean of their type exists), and, unless
 * {@code platform.telemetry.tracing.actuator=true}, an {@link ActuatorRequests} predicate
 * that leaves actuator requests unobserved.
 */
@AutoConfiguration(before = MicrometerTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(Tracer.class)
@EnableConfigurationProperties(TelemetryTracingProperties.class)
public final class TracingObservationAutoConfiguration {

	TracingObservationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(DefaultTracingObservationHandler.class)
	@ConditionalOnBean(Tracer.class)
	@Order(MicrometerTracingAutoConfiguration.DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER)
	TypedTracingObservationHandler defaultTracingObservationHandler(Tracer tracer) {
		return new TypedTracingObservationHandler(tracer);
	}

	@Bean
	@ConditionalOnMissingBean(PropagatingSenderTracingObservationHandler.class)
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	@Order(MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER)
	TypedPropagatingSenderTracingObservationHandler<?> propagatingSenderTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new TypedPropagatingSenderTracingObservationHandler<>(tracer, propagator);
	}

	@Bean
	@ConditionalOnMissingBean(PropagatingReceiverTracingObservationHandler.class)
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	TypedPropagatingReceiverTracingObservationHandler<?> propagatingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new TypedPropagatingReceiverTracingObservationHandler<>(tracer, propagator);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "platform.telemetry.tracing.actuator", havingValue = false,
			matchIfMissing = true)
	static class UnobservedActuatorRequests {

		private static final String BASE_PATH = "management.endpoints.web.base-path";

		private static final String BASE_PATH_DEFAULT = "/actuator";

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(name = "org.springframework.http.server.observation.ServerRequestObservationContext")
		ActuatorRequests servletActuatorRequests(Environment environment) {
			return ActuatorRequests.servlet(environment.getProperty(BASE_PATH, BASE_PATH_DEFAULT),
					new ServerPort(environment, "management"), new ServerPort(environment, "server"));
		}

		@Bean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@ConditionalOnClass(
				name = "org.springframework.http.server.reactive.observation.ServerRequestObservationContext")
		ActuatorRequests reactiveActuatorRequests(Environment environment) {
			return ActuatorRequests.reactive(environment.getProperty(BASE_PATH, BASE_PATH_DEFAULT),
					new ServerPort(environment, "management"), new ServerPort(environment, "server"));
		}

	}

	/**
	 * The port a server runs on ({@code local.*.port}), else the configured one, else -1. Asked
	 * on every request: once the server runs its port is kept, as looking it up in the
	 * environment each time cost about 1 % of the gateway's CPU.
	 */
	static final class ServerPort implements IntSupplier {

		private final Environment environment;

		private final String localPortProperty;

		private final String configuredPortProperty;

		private volatile int running = -1;

		ServerPort(Environment environment, String server) {
			this.environment = environment;
			this.localPortProperty = "local." + server + ".port";
			this.configuredPortProperty = server.equals("management") ? "management.server.port" : "server.port";
		}

		@Override
		public int getAsInt() {
			int port = this.running;
			if (port > 0) {
				return port;
			}
			Integer local = this.environment.getProperty(this.localPortProperty, Integer.class);
			if (local != null && local > 0) {
				this.running = local;
				return local;
			}
			return (local != null) ? local : this.environment.getProperty(this.configuredPortProperty, Integer.class, -1);
		}

	}

}
