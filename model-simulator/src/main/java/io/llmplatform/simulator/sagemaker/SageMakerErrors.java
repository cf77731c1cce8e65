package io.llmplatform.simulator.sagemaker;

import java.util.LinkedHashMap;
import java.util.Map;
import io.llmplatform.simulator.web.RequestIds;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import io.llmplatform.simulator.faults.ErrorKind;

/**
 * Errors as SageMaker Runtime sends them (restJson1): the code in {@code x-amzn-ErrorType}, a JSON body
 * whose message the SDK reads from {@code message}/{@code Message}, and the status the service model
 * binds to each modelled error. What the SDK v2 makes of each is in the README.
 */
final class SageMakerErrors {

	private static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.sagemaker.runtime/";

	private final JsonMapper json;

	private final String accountId;

	private final String region;

	SageMakerErrors(JsonMapper json, String accountId, String region) {
		this.json = json;
		this.accountId = accountId;
		this.region = region;
	}

	/** What SageMaker answers for an endpoint that does not exist in the account. */
	ResponseEntity<byte[]> endpointNotFound(String endpoint) {
		return plain(HttpStatus.BAD_REQUEST, "ValidationError",
				"Endpoint " + endpoint + " of account " + accountId + " not found.");
	}

	ResponseEntity<byte[]> validation(String message) {
		return plain(HttpStatus.BAD_REQUEST, "ValidationError", message);
	}

	ResponseEntity<byte[]> injected(String endpoint, ErrorKind kind) {
		return switch (kind) {
			case MODEL_ERROR -> modelError(endpoint, 500, "{\"error\":\"Request failed during generation: CUDA out of memory\"}");
			case VALIDATION -> validation("1 validation error detected: Value at 'body' failed to satisfy constraint: "
					+ "Member must satisfy the model's input constraints");
			// AWS sends ThrottlingException with status 400 and a null message (seen in SDK reports); the
			// SDK v2 recognises it as throttling by its code, not by the status.
			case THROTTLED -> throttled();
			case UNAVAILABLE -> plain(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
					"The service is unavailable. Try your call again.");
			case INTERNAL -> plain(HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure",
					"An internal failure occurred. Try your call again.");
		};
	}

	ResponseEntity<byte[]> throttled() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", null);
		return respond(HttpStatus.BAD_REQUEST, "ThrottlingException", body);
	}

	ResponseEntity<byte[]> overloaded(String message) {
		return plain(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", message);
	}

	/** SageMaker's answer once the container exceeded its 60-second invocation limit. */
	ResponseEntity<byte[]> invocationTimedOut(String endpoint) {
		return modelError(endpoint, 0,
				"Your invocation timed out while waiting for a response from container primary. "
						+ "Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.");
	}

	/**
	 * The container answered an error: SageMaker wraps it in a ModelError (424) carrying the container's
	 * status and message.
	 */
	ResponseEntity<byte[]> modelError(String endpoint, int containerStatus, String containerMessage) {
		String logGroup = "/aws/sagemaker/Endpoints/" + endpoint;
		String kind = (containerStatus >= 400 && containerStatus < 500) ? "client" : "server";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ErrorCode", (containerStatus >= 400 && containerStatus < 500) ? "CLIENT_ERROR_FROM_MODEL"
				: "SERVER_ERROR_FROM_MODEL");
		body.put("LogStreamArn", "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + logGroup);
		body.put("Message", "Received " + kind + " error (" + containerStatus + ") from primary with message \""
				+ containerMessage + "\". See https://" + region + ".console.aws.amazon.com/cloudwatch/home?region="
				+ region + "#logEventViewer:group=" + logGroup + " in account " + accountId + " for more information.");
		body.put("OriginalMessage", containerMessage);
		body.put("OriginalStatusCode", containerStatus);
		return respond(HttpStatus.FAILED_DEPENDENCY, "ModelError", body);
	}

	private ResponseEntity<byte[]> plain(HttpStatus status, String code, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", message);
		return respond(status, code, body);
	}

	private ResponseEntity<byte[]> respond(HttpStatus status, String code, Map<String, Object> body) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header(SageMakerHeaders.ERROR_TYPE, code + TYPE_SUFFIX)
			.header(SageMakerHeaders.REQUEST_ID, RequestIds.next())
			.body(json.writeValueAsBytes(body));
	}

}
