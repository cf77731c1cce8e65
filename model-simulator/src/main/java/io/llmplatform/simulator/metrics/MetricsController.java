package io.llmplatform.simulator.metrics;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.llmplatform.simulator.config.ModelCatalog;
import io.llmplatform.simulator.faults.FaultRegistry;

/** {@code /metrics}, where vLLM serves it: vLLM's series, the endpoints' series and the fault counters. */
@RestController
class MetricsController {

	private final ModelCatalog catalog;

	private final FaultRegistry faults;

	private final EngineMetricsWriter vllm = EngineMetricsWriter.vllm();

	private final EngineMetricsWriter endpoints = EngineMetricsWriter.sageMakerEndpoints();

	MetricsController(ModelCatalog catalog, FaultRegistry faults) {
		this.catalog = catalog;
		this.faults = faults;
	}

	@GetMapping("/metrics")
	ResponseEntity<String> metrics() {
		PrometheusText out = new PrometheusText();
		vllm.write(out, catalog.models());
		endpoints.write(out, catalog.endpoints());
		faults.writeMetrics(out);
		return ResponseEntity.ok().header("Content-Type", PrometheusText.CONTENT_TYPE).body(out.toString());
	}

}
