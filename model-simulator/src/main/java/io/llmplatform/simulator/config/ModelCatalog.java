package io.llmplatform.simulator.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmplatform.simulator.engine.ModelEngine;
import io.llmplatform.simulator.engine.ModelKind;
import io.llmplatform.simulator.engine.ModelProfile;
import io.llmplatform.simulator.metrics.EngineMetricFamilies;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Every simulated SageMaker endpoint and vLLM model, by name. */
public final class ModelCatalog {

	private final Map<String, ModelEngine> endpoints = new LinkedHashMap<>();

	private final Map<String, ModelEngine> models = new LinkedHashMap<>();

	ModelCatalog(SimulatorProperties properties, PrometheusRegistry registry) {
		EngineMetricFamilies vllmSeries = EngineMetricFamilies.vllm(registry, this::models);
		EngineMetricFamilies endpointSeries = EngineMetricFamilies.sageMakerEndpoints(registry, this::endpoints);
		for (String name : properties.getSagemaker().getEndpoints()) {
			endpoints.put(name, new ModelEngine(name, ModelKind.SAGEMAKER_ENDPOINT, profileOf(properties, name),
					endpointSeries.forEngine(name)));
		}
		for (String name : properties.getVllm().getModels()) {
			models.put(name, new ModelEngine(name, ModelKind.VLLM_MODEL, profileOf(properties, name),
					vllmSeries.forEngine(name)));
		}
	}

	private static ModelProfile profileOf(SimulatorProperties properties, String name) {
		ModelSettings override = properties.getOverrides().getOrDefault(name, new ModelSettings());
		return override.resolve(properties.getDefaults());
	}

	/** The SageMaker endpoint of that name, or null. */
	public ModelEngine endpoint(String name) {
		return endpoints.get(name);
	}

	/** The vLLM model of that name, or null. */
	public ModelEngine model(String name) {
		return models.get(name);
	}

	public Collection<ModelEngine> endpoints() {
		return endpoints.values();
	}

	public Collection<ModelEngine> models() {
		return models.values();
	}

}
