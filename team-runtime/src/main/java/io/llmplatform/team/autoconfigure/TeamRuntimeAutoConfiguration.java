package io.llmplatform.team.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.llmplatform.sagemaker.SageMakerInvoker;
import io.llmplatform.team.PredictionHandler;
import io.llmplatform.team.TeamModels;
import io.llmplatform.team.TeamProperties;
import io.llmplatform.team.internal.PredictController;
import io.llmplatform.team.internal.ProblemDetailsAdvice;
import io.llmplatform.team.internal.ResilientTeamModels;
import io.llmplatform.vllm.VllmClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Turns a {@link PredictionHandler} bean into a team service: {@code POST /predict} with
 * validation and problem details, and {@link TeamModels} for the handler to call.
 */
@AutoConfiguration(afterName = { "io.llmplatform.sagemaker.autoconfigure.SageMakerInvokerAutoConfiguration",
		"io.llmplatform.vllm.autoconfigure.VllmClientAutoConfiguration",
		"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TeamProperties.class)
public final class TeamRuntimeAutoConfiguration {

	TeamRuntimeAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ SageMakerInvoker.class, VllmClient.class })
	TeamModels teamModels(SageMakerInvoker sageMaker, VllmClient vllm, CircuitBreakerRegistry circuitBreakers,
			TeamProperties properties) {
		return new ResilientTeamModels(sageMaker, vllm, circuitBreakers, properties.getEndpoint(),
				properties.getBaselineModel());
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

}
