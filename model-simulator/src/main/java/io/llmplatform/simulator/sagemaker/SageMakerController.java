package io.llmplatform.simulator.sagemaker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.llmplatform.simulator.config.ModelCatalog;
import io.llmplatform.simulator.config.SimulatorProperties;
import io.llmplatform.simulator.engine.EngineOverloadedException;
import io.llmplatform.simulator.engine.GenerationPlan;
import io.llmplatform.simulator.engine.GenerationPlanner;
import io.llmplatform.simulator.engine.ModelEngine;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultGate;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.faults.HangExpiredException;
import io.llmplatform.simulator.faults.InjectedFaultException;
import io.llmplatform.simulator.openai.OpenAiPayloads;
import io.llmplatform.simulator.web.RequestBodies;
import io.llmplatform.simulator.web.RequestIds;
import io.llmplatform.simulator.web.ResponseWriter;

/**
 * SageMaker Runtime's InvokeEndpoint and InvokeEndpointWithResponseStream. SigV4 headers are accepted
 * and not checked; everything the SDK reads back (status, headers, error codes, bodies, event frames)
 * is what AWS sends.
 */
@RestController
class SageMakerController {

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private final ModelCatalog catalog;

	private final FaultRegistry faults;

	private final GenerationPlanner planner;

	private final Tokenizer tokenizer;

	private final JsonMapper json;

	private final OpenAiPayloads openAi;

	private final SageMakerErrors errors;

	private final List<String> variants;

	SageMakerController(ModelCatalog catalog, FaultRegistry faults, GenerationPlanner planner, Tokenizer tokenizer,
			JsonMapper json, SimulatorProperties properties) {
		this.catalog = catalog;
		this.faults = faults;
		this.planner = planner;
		this.tokenizer = tokenizer;
		this.json = json;
		this.openAi = new OpenAiPayloads(json);
		this.errors = new SageMakerErrors(json, properties.getSagemaker().getAccountId(),
				properties.getSagemaker().getRegion());
		this.variants = List.copyOf(properties.getSagemaker().getVariants());
	}

	@PostMapping("/endpoints/{endpointName}/invocations")
	Mono<Void> invokeEndpoint(@PathVariable String endpointName, ServerWebExchange exchange) {
		return RequestBodies.bytes(exchange).flatMap(body -> invoke(endpointName, body, exchange, false));
	}

	@PostMapping("/endpoints/{endpointName}/invocations-response-stream")
	Mono<Void> invokeEndpointWithResponseStream(@PathVariable String endpointName, ServerWebExchange exchange) {
		return RequestBodies.bytes(exchange).flatMap(body -> invoke(endpointName, body, exchange, true));
	}

	private Mono<Void> invoke(String endpointName, byte[] body, ServerWebExchange exchange, boolean streaming) {
		long arrival = System.nanoTime();
		ModelEngine engine = catalog.endpoint(endpointName);
		if (engine == null) {
			return ResponseWriter.write(exchange, errors.endpointNotFound(endpointName));
		}
		HttpHeaders requestHeaders = exchange.getRequest().getHeaders();
		String variant = variant(requestHeaders.getFirst(SageMakerHeaders.TARGET_VARIANT));
		if (variant == null) {
			return ResponseWriter.write(exchange, errors.validation("Variant "
					+ requestHeaders.getFirst(SageMakerHeaders.TARGET_VARIANT) + " does not exist for endpoint "
					+ endpointName + "."));
		}
		if (body == null || body.length == 0) {
			return ResponseWriter.write(exchange, errors.validation(
					"1 validation error detected: Value null at 'body' failed to satisfy constraint: Member must not be null"));
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set(SageMakerHeaders.INVOKED_PRODUCTION_VARIANT, variant);
		headers.set(SageMakerHeaders.REQUEST_ID, RequestIds.next());
		String customAttributes = requestHeaders.getFirst(SageMakerHeaders.CUSTOM_ATTRIBUTES);
		if (customAttributes != null) {
			headers.set(SageMakerHeaders.CUSTOM_ATTRIBUTES, customAttributes);
		}
		Mono<Void> answer = FaultGate.pass(faults.decide(endpointName))
			.then(Mono.defer(() -> answer(engine, body, arrival, headers, exchange, streaming)));
		return answer.onErrorResume(ex -> {
			ResponseEntity<byte[]> error = toError(endpointName, ex);
			return (error != null && !exchange.getResponse().isCommitted()) ? ResponseWriter.write(exchange, error)
					: Mono.error(ex);
		});
	}

	private Mono<Void> answer(ModelEngine engine, byte[] body, long arrival, HttpHeaders headers,
			ServerWebExchange exchange, boolean streaming) {
		InvocationBody invocation = InvocationBody.read(parse(body), engine.profile());
		int promptTokens = tokenizer.count(invocation.prompt());
		int contextWindow = engine.profile().maxModelLen();
		if (promptTokens + invocation.sampling().maxTokens() > contextWindow) {
			// TGI's own words (a 422 of the container, passed on by SageMaker as a ModelError).
			throw new ContainerRejectedException("Input validation error: `inputs` tokens + `max_new_tokens` must be <= "
					+ contextWindow + ". Given: " + promptTokens + " `inputs` tokens and "
					+ invocation.sampling().maxTokens() + " `max_new_tokens`");
		}
		if (engine.waiting() >= engine.profile().maxWaiting()) {
			throw new EngineOverloadedException(engine.name(), engine.waiting());
		}
		GenerationPlan plan = planner.plan(engine.name(), engine.profile(), invocation.prompt(), promptTokens,
				invocation.sampling().maxTokens(), invocation.sampling().temperature(), invocation.sampling().seed(),
				engine.nextRequestNumber());
		String id = OpenAiPayloads.newId("chatcmpl-");
		long created = Instant.now().getEpochSecond();
		if (streaming) {
			headers.setContentType(MediaType.parseMediaType("application/vnd.amazon.eventstream"));
			headers.set(SageMakerHeaders.STREAM_CONTENT_TYPE, "text/event-stream");
			Flux<byte[]> events = streamEvents(engine, plan, invocation, id, created, arrival)
				.map(EventStreamFrames::payloadPart);
			return ResponseWriter.stream(exchange, HttpStatus.OK, headers, events);
		}
		return engine.complete(plan, arrival).flatMap(done -> {
			Object reply = invocation.messagesApi() ? openAi.chatCompletion(id, engine.name(), created, done)
					: TgiPayloads.generated(done, invocation.details(), invocation.sampling().seed());
			headers.setContentType(MediaType.APPLICATION_JSON);
			return ResponseWriter.write(exchange, new ResponseEntity<>(json.writeValueAsBytes(reply), headers, HttpStatus.OK));
		});
	}

	/** The container's SSE lines, one per payload part: TGI token events, or chat chunks for the Messages API. */
	private Flux<byte[]> streamEvents(ModelEngine engine, GenerationPlan plan, InvocationBody invocation, String id,
			long created, long arrival) {
		int last = plan.completionTokens() - 1;
		Flux<byte[]> tokens = engine.stream(plan, arrival).index().map(token -> {
			int index = token.getT1().intValue();
			Object event = invocation.messagesApi()
					? openAi.chatChunk(id, engine.name(), created, (index == 0) ? "assistant" : null, token.getT2(),
							(index == last) ? plan.finishReason() : null)
					: TgiPayloads.tokenEvent(plan, index, token.getT2(), invocation.sampling().seed());
			return sse(event);
		});
		return invocation.messagesApi() ? tokens.concatWith(Mono.just(DONE)) : tokens;
	}

	private byte[] sse(Object event) {
		byte[] jsonBytes = json.writeValueAsBytes(event);
		byte[] line = new byte[jsonBytes.length + 7];
		System.arraycopy("data:".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 5);
		System.arraycopy(jsonBytes, 0, line, 5, jsonBytes.length);
		line[line.length - 2] = '\n';
		line[line.length - 1] = '\n';
		return line;
	}

	private JsonNode parse(byte[] body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ContainerRejectedException("Failed to parse the request body as JSON: " + ex.getOriginalMessage());
		}
	}

	private String variant(String requested) {
		if (requested == null || requested.isEmpty()) {
			return variants.get(0);
		}
		return variants.contains(requested) ? requested : null;
	}

	private ResponseEntity<byte[]> toError(String endpoint, Throwable ex) {
		if (ex instanceof InjectedFaultException injected) {
			return injected.rateLimited() ? errors.throttled() : errors.injected(endpoint, injected.kind());
		}
		if (ex instanceof HangExpiredException) {
			return errors.invocationTimedOut(endpoint);
		}
		if (ex instanceof EngineOverloadedException) {
			return errors.overloaded(ex.getMessage());
		}
		if (ex instanceof ContainerRejectedException) {
			String containerBody = "{\"error\":" + json.writeValueAsString(ex.getMessage())
					+ ",\"error_type\":\"validation\"}";
			return errors.modelError(endpoint, 422, containerBody);
		}
		return null;
	}

}
