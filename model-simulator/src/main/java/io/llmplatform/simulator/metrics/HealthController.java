package io.llmplatform.simulator.metrics;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.llmplatform.simulator.faults.FaultRegistry;

/** vLLM's {@code /health}: 200 with an empty body, or 503 while the health fault is on. */
@RestController
class HealthController {

	private final FaultRegistry faults;

	HealthController(FaultRegistry faults) {
		this.faults = faults;
	}

	@GetMapping("/health")
	ResponseEntity<Void> health() {
		if (faults.isHealthFailing()) {
			faults.healthCheckFailed();
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
		}
		return ResponseEntity.ok().build();
	}

}
