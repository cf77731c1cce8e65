package io.llmplatform.simulator.config;

import java.util.HashSet;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.llmplatform.simulator.engine.GenerationPlanner;
import io.llmplatform.simulator.engine.TextSynthesizer;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.web.AdminApiKeyFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Builds the models and the fault registry from {@link SimulatorProperties}. */
@Configuration(proxyBeanMethods = false)
class SimulatorConfiguration {

	/** The simulator's own registry, served at {@code /metrics} as vLLM serves its series. */
	@Bean
	PrometheusRegistry simulatorPrometheusRegistry() {
		return new PrometheusRegistry();
	}

	@Bean
	ModelCatalog modelCatalog(SimulatorProperties properties, PrometheusRegistry simulatorPrometheusRegistry) {
		return new ModelCatalog(properties, simulatorPrometheusRegistry);
	}

	@Bean
	Tokenizer tokenizer() {
		return new Tokenizer();
	}

	@Bean
	GenerationPlanner generationPlanner(SimulatorProperties properties, Tokenizer tokenizer) {
		return new GenerationPlanner(properties.getSeed(), tokenizer, new TextSynthesizer());
	}

	@Bean
	FaultRegistry faultRegistry(SimulatorProperties properties, PrometheusRegistry simulatorPrometheusRegistry) {
		Set<String> targets = new HashSet<>(properties.getSagemaker().getEndpoints());
		targets.addAll(properties.getVllm().getModels());
		FaultRegistry registry = new FaultRegistry(properties.getSeed(), targets, simulatorPrometheusRegistry);
		// Start-up faults fail fast on a bad spec: a typo must not silently run a clean simulator.
		properties.getFaults().forEach(registry::set);
		registry.setHealthFailing(properties.isHealthFailing());
		return registry;
	}

	@Bean
	AdminApiKeyFilter adminApiKeyFilter(SimulatorProperties properties) {
		return new AdminApiKeyFilter(properties.getAdmin().getApiKeySha256());
	}

}
