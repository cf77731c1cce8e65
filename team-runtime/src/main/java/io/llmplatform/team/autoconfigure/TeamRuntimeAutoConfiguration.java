package io.llmplatform.team.autoconfigure;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TeamProperties;
import io.llmplatform.team.TeamResilienceProperties;
import io.llmplatform.team.internal.HeaderCountCustomizer;
import io.llmplatform.team.internal.InternalCredentialFilter;
import io.llmplatform.team.internal.ModelGuards;
import io.llmplatform.team.internal.PredictController;
import io.llmplatform.team.internal.ProblemDetailsAdvice;
import io.llmplatform.team.internal.ProblemErrorReportValve;
import io.llmplatform.team.internal.ProblemErrorReportValveCustomizer;
import io.llmplatform.team.internal.RequestBodyLimitFilter;
import io.llmplatform.team.internal.RequestDeadlineFilter;
import io.llmplatform.team.internal.ResilientTeamModels;
import io.llmplatform.telemetry.TelemetryProperties;
import io.llmplatform.telemetry.internal.CorrelationIds;
import io.llmplatform.vllm.VllmClient;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Turns a {@link PredictionHandler} bean into a team service: {@code POST /predict} with
 * validation and problem details, the request's deadline, and {@link TeamModels} (each model
 * guarded as {@link TeamResilienceProperties} says) for the handler to call.
 */
@AutoConfiguration(afterName = { "io.llmplatform.sagemaker.autoconfigure.SageMakerInvokerAutoConfiguration",
		"io.llmplatform.vllm.autoconfigure.VllmClientAutoConfiguration",
		"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
		"io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
		"io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ TeamProperties.class, TeamResilienceProperties.class })
public final class TeamRuntimeAutoConfiguration {

	TeamRuntimeAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ModelGuards teamModelGuards(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
			BulkheadRegistry bulkheads, TeamResilienceProperties resilience) {
		return new ModelGuards(circuitBreakers, retries, bulkheads, resilience);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ SageMakerInvoker.class, VllmClient.class })
	TeamModels teamModels(SageMakerInvoker sageMaker, VllmClient vllm, ModelGuards guards,
			TeamResilienceProperties resilience, TeamProperties properties) {
		return new ResilientTeamModels(sageMaker, vllm, guards, resilience, properties.getEndpoint(),
				properties.getBaselineModel());
	}

	@Bean
	@ConditionalOnMissingBean(name = "teamRequestDeadlineFilter")
	FilterRegistrationBean<RequestDeadlineFilter> teamRequestDeadlineFilter(TeamResilienceProperties resilience) {
		FilterRegistrationBean<RequestDeadlineFilter> registration = new FilterRegistrationBean<>(
				new RequestDeadlineFilter(resilience.getMaxDeadline()));
		// Early: the deadline starts when the request arrives; right after the gateway-only and body checks.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
		return registration;
	}

	@Bean
	@ConditionalOnBean(PredictionHandler.class)
	@ConditionalOnMissingBean
	PredictController predictController(PredictionHandler handler) {
		return new PredictController(handler);
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

	/**
	 * Only the gateway gets through: right after the correlation id is set (so the 403 carries it),
	 * before anything reads the body. On the service's port only, not on the management port.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "teamInternalCredentialFilter")
	FilterRegistrationBean<InternalCredentialFilter> teamInternalCredentialFilter(TeamProperties properties) {
		FilterRegistrationBean<InternalCredentialFilter> registration = new FilterRegistrationBean<>(
				new InternalCredentialFilter(properties.getInternalCredentialSha256()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * No body above {@code platform.team.max-request-body} reaches the JSON parser, nor more bodies at once
	 * than {@code platform.team.max-buffered-bodies} hold.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "teamRequestBodyLimitFilter")
	FilterRegistrationBean<RequestBodyLimitFilter> teamRequestBodyLimitFilter(TeamProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.getMaxRequestBody(), properties.getMaxBufferedBodies()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

	/**
	 * Tomcat takes every head the gateway forwards, and what it refuses before any filter runs is a
	 * problem too: its error report valve, which Spring Boot adds without the report, is replaced by
	 * one that writes problem details.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, ConfigurableTomcatWebServerFactory.class })
	@EnableConfigurationProperties(TelemetryProperties.class)
	static class TomcatRequestHeads {

		@Bean
		@ConditionalOnMissingBean(name = "teamHeaderCountCustomizer")
		HeaderCountCustomizer teamHeaderCountCustomizer(TeamProperties properties) {
			return new HeaderCountCustomizer(properties.getMaxHeaderCount());
		}

		@Bean
		@ConditionalOnMissingBean(name = "teamProblemErrorReportValveCustomizer")
		ProblemErrorReportValveCustomizer teamProblemErrorReportValveCustomizer(TelemetryProperties telemetry) {
			TelemetryProperties.Correlation correlation = telemetry.getCorrelation();
			CorrelationIds ids = new CorrelationIds(correlation.getMaxLength());
			return new ProblemErrorReportValveCustomizer(() -> new ProblemErrorReportValve(correlation.getHeader(), ids));
		}

	}

}
