package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.internal.CorrelationIds;
import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.llmplatform.telemetry.web.CorrelationIdWebFilter;
import io.llmplatform.telemetry.web.ErrorTypeServerRequestObservationConvention;
import io.llmplatform.telemetry.web.OpenTelemetryReactiveServerRequestObservationConvention;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * Inbound HTTP: OpenTelemetry names for the server histogram and the correlation id on
 * every request, for servlet and reactive applications.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(TelemetryProperties.class)
public final class WebTelemetryAutoConfiguration {

	/** Just inside Spring's server observation filter (HIGHEST_PRECEDENCE + 1), so the server span is current. */
	static final int CORRELATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	WebTelemetryAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(OpenTelemetryServerRequestObservationConvention.class)
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean(ServerRequestObservationConvention.class)
		OpenTelemetryServerRequestObservationConvention openTelemetryServerRequestObservationConvention() {
			return new ErrorTypeServerRequestObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean(name = "correlationIdFilter")
		FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter(TelemetryProperties properties,
				ObjectProvider<Tracer> tracer) {
			TelemetryProperties.Correlation correlation = properties.getCorrelation();
			CorrelationIdFilter filter = new CorrelationIdFilter(correlation.getHeader(),
					new CorrelationIds(correlation.getMaxLength()), tracer.getIfAvailable());
			FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(CORRELATION_FILTER_ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class Reactive {

		@Bean
		@ConditionalOnMissingBean(org.springframework.http.server.reactive.observation.ServerRequestObservationConvention.class)
		OpenTelemetryReactiveServerRequestObservationConvention openTelemetryReactiveServerRequestObservationConvention() {
			return new OpenTelemetryReactiveServerRequestObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdWebFilter correlationIdWebFilter(TelemetryProperties properties) {
			TelemetryProperties.Correlation correlation = properties.getCorrelation();
			return new CorrelationIdWebFilter(correlation.getHeader(), new CorrelationIds(correlation.getMaxLength()),
					correlation.isAddGeneratedToRequest());
		}

	}

}
