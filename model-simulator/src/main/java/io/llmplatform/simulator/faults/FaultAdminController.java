package io.llmplatform.simulator.faults;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Run-time failure injection: {@code /admin/faults/{endpoint-or-model}} and the {@code /health} switch.
 * Behind its own key ({@code simulator.admin.api-key-sha256}, checked by
 * {@link io.llmplatform.simulator.web.AdminApiKeyFilter}); off without one.
 */
@RestController
@RequestMapping("/admin")
class FaultAdminController {

	private final FaultRegistry faults;

	FaultAdminController(FaultRegistry faults) {
		this.faults = faults;
	}

	@GetMapping("/faults")
	Map<String, Object> list() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("targets", faults.snapshot());
		body.put("healthFailing", faults.isHealthFailing());
		return body;
	}

	@PutMapping("/faults/{target}")
	ResponseEntity<Object> set(@PathVariable String target, @RequestBody FaultSpec spec) {
		if (!faults.isKnownTarget(target)) {
			return problem(HttpStatus.NOT_FOUND, "Unknown endpoint or model '" + target + "'");
		}
		try {
			faults.set(target, spec);
		}
		catch (IllegalArgumentException ex) {
			return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return ResponseEntity.ok(faults.snapshot().get(target));
	}

	@DeleteMapping("/faults/{target}")
	ResponseEntity<Void> clear(@PathVariable String target) {
		if (!faults.isKnownTarget(target)) {
			return ResponseEntity.notFound().build();
		}
		faults.clear(target);
		return ResponseEntity.noContent().build();
	}

	/** Clears every fault, the health switch included. */
	@DeleteMapping("/faults")
	ResponseEntity<Void> clearAll() {
		faults.clearAll();
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/health")
	Map<String, Object> setHealth(@RequestBody HealthSwitch body) {
		faults.setHealthFailing(body.failing());
		return Map.of("healthFailing", faults.isHealthFailing());
	}

	@DeleteMapping("/health")
	ResponseEntity<Void> clearHealth() {
		faults.setHealthFailing(false);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("detail", detail);
		return ResponseEntity.status(status).body(body);
	}

	/** Body of {@code PUT /admin/health}. */
	record HealthSwitch(boolean failing) {
	}

}
