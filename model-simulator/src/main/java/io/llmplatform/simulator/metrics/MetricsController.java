package io.llmplatform.simulator.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code /metrics}, where vLLM serves it: vLLM's series, the endpoints' series and the fault counters, in
 * the Prometheus text format (0.0.4) that vLLM's Python client writes.
 */
@RestController
class MetricsController {

	private final PrometheusRegistry registry;

	private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

	MetricsController(PrometheusRegistry simulatorPrometheusRegistry) {
		this.registry = simulatorPrometheusRegistry;
	}

	@GetMapping("/metrics")
	ResponseEntity<byte[]> metrics() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
		writer.write(out, registry.scrape());
		return ResponseEntity.ok().header("Content-Type", writer.getContentType()).body(out.toByteArray());
	}

}
