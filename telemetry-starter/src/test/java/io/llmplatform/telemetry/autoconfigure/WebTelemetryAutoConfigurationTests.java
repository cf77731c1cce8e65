package io.llmplatform.telemetry.autoconfigure;

import io.llmplatform.telemetry.web.CorrelationIdFilter;
import io.llmplatform.telemetry.web.CorrelationIdWebFilter;
import io.llmplatform.telemetry.web.OpenTelemetryReactiveServerRequestObservationConvention;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

import static org.assertj.core.api.Assertions.assertThat;

class WebTelemetryAutoConfigurationTests {

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebTelemetryAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebTelemetryAutoConfiguration.class));

	@Test
	void servletApplicationGetsOpenTelemetryNamesAndTheCorrelationFilterInsideTheObservationFilter() {
		this.servletRunner.run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetryServerRequestObservationConvention.class);
			FilterRegistrationBean<?> registration = context.getBean("correlationIdFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(CorrelationIdFilter.class);
			assertThat(registration.getOrder()).isEqualTo(WebTelemetryAutoConfiguration.CORRELATION_FILTER_ORDER);
			assertThat(context).doesNotHaveBean(CorrelationIdWebFilter.class);
		});
	}

	@Test
	void reactiveApplicationGetsTheReactiveConventionAndWebFilter() {
		this.reactiveRunner.run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetryReactiveServerRequestObservationConvention.class)
				.hasSingleBean(CorrelationIdWebFilter.class);
			assertThat(context).doesNotHaveBean(OpenTelemetryServerRequestObservationConvention.class);
		});
	}

	@Test
	void whenHasUserSuppliedConventionDoesNotProvideOne() {
		this.servletRunner.withUserConfiguration(UserConvention.class).run((context) -> {
			assertThat(context).hasSingleBean(ServerRequestObservationConvention.class);
			assertThat(context).doesNotHaveBean(OpenTelemetryServerRequestObservationConvention.class);
		});
	}

	@Test
	void nonWebApplicationGetsNothing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebTelemetryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CorrelationIdWebFilter.class)
				.doesNotHaveBean("correlationIdFilter"));
	}

	@Test
	void correlationHeaderIsConfigurable() {
		this.reactiveRunner.withPropertyValues("platform.telemetry.correlation.header=X-Request-ID")
			.run((context) -> assertThat(context.getBean(CorrelationIdWebFilter.class))
				.hasFieldOrPropertyWithValue("header", "X-Request-ID"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConvention {

		@Bean
		ServerRequestObservationConvention customConvention() {
			return new DefaultServerRequestObservationConvention();
		}

	}

}
