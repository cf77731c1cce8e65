package io.llmplatform.simulator.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.llmplatform.simulator.faults.ErrorKind;

/**
 * Errors in the shape vLLM's OpenAI server answers them:
 * {@code {"error": {"message", "type", "param", "code"}}} with {@code code} the HTTP status.
 */
public final class OpenAiErrors {

	private final OpenAiPayloads payloads;

	public OpenAiErrors(OpenAiPayloads payloads) {
		this.payloads = payloads;
	}

	public ResponseEntity<byte[]> badRequest(String message, String param) {
		return error(HttpStatus.BAD_REQUEST, "BadRequestError", message, param);
	}

	public ResponseEntity<byte[]> modelNotFound(String model) {
		return error(HttpStatus.NOT_FOUND, "NotFoundError", "The model `" + model + "` does not exist.", "model");
	}

	public ResponseEntity<byte[]> overloaded(String message) {
		return error(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableError", message, null);
	}

	/** What a proxy in front of vLLM answers once an (injected) hang outlasts its bound. */
	public ResponseEntity<byte[]> timedOut() {
		return error(HttpStatus.GATEWAY_TIMEOUT, "GatewayTimeoutError", "The model did not answer in time.", null);
	}

	public ResponseEntity<byte[]> injected(ErrorKind kind) {
		return switch (kind) {
			case VALIDATION -> badRequest("Injected validation error: the request was rejected.", null);
			case THROTTLED -> error(HttpStatus.TOO_MANY_REQUESTS, "RateLimitError",
					"Rate limit exceeded, retry later.", null);
			case UNAVAILABLE -> error(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableError",
					"The server is temporarily unavailable.", null);
			case MODEL_ERROR -> error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
					"EngineCore encountered an issue. See stack trace (above) for the root cause.", null);
			case INTERNAL -> error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
					"Internal server error.", null);
		};
	}

	public ResponseEntity<byte[]> error(HttpStatus status, String type, String message, String param) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("param", param);
		error.put("code", status.value());
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(payloads.writeBytes(Map.of("error", error)));
	}

}
