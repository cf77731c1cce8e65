package io.llmplatform.simulator.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.llmplatform.simulator.config.ModelCatalog;
import io.llmplatform.simulator.engine.ChatTemplate;
import io.llmplatform.simulator.engine.EngineOverloadedException;
import io.llmplatform.simulator.engine.GenerationPlan;
import io.llmplatform.simulator.engine.GenerationPlanner;
import io.llmplatform.simulator.engine.ModelEngine;
import io.llmplatform.simulator.engine.Tokenizer;
import io.llmplatform.simulator.faults.FaultDecision;
import io.llmplatform.simulator.faults.FaultGate;
import io.llmplatform.simulator.faults.FaultRegistry;
import io.llmplatform.simulator.faults.HangExpiredException;
import io.llmplatform.simulator.faults.InjectedFaultException;
import io.llmplatform.simulator.web.RequestBodies;
import io.llmplatform.simulator.web.ResponseWriter;

/** vLLM's OpenAI-compatible API: completions, chat completions (plain and SSE) and the model list. */
@RestController
class VllmController {

	private static final byte[] DONE = ResponseWriter.utf8("data: [DONE]\n\n");

	private static final MediaType EVENT_STREAM_UTF8 = MediaType.parseMediaType("text/event-stream; charset=utf-8");

	private final ModelCatalog catalog;

	private final FaultRegistry faults;

	private final GenerationPlanner planner;

	private final Tokenizer tokenizer;

	private final JsonMapper json;

	private final OpenAiPayloads payloads;

	private final OpenAiErrors errors;

	private final long startedAt = Instant.now().getEpochSecond();

	VllmController(ModelCatalog catalog, FaultRegistry faults, GenerationPlanner planner, Tokenizer tokenizer,
			JsonMapper json) {
		this.catalog = catalog;
		this.faults = faults;
		this.planner = planner;
		this.tokenizer = tokenizer;
		this.json = json;
		this.payloads = new OpenAiPayloads(json);
		this.errors = new OpenAiErrors(payloads);
	}

	@GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> models() {
		List<Map<String, Object>> data = new ArrayList<>();
		for (ModelEngine engine : catalog.models()) {
			Map<String, Object> model = new LinkedHashMap<>();
			model.put("id", engine.name());
			model.put("object", "model");
			model.put("created", startedAt);
			model.put("owned_by", "vllm");
			model.put("root", engine.name());
			model.put("parent", null);
			model.put("max_model_len", engine.profile().maxModelLen());
			data.add(model);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("object", "list");
		body.put("data", data);
		return body;
	}

	@PostMapping("/v1/chat/completions")
	Mono<Void> chatCompletions(ServerWebExchange exchange) {
		return RequestBodies.bytes(exchange).flatMap(body -> serve(body, exchange, true));
	}

	@PostMapping("/v1/completions")
	Mono<Void> completions(ServerWebExchange exchange) {
		return RequestBodies.bytes(exchange).flatMap(body -> serve(body, exchange, false));
	}

	private Mono<Void> serve(byte[] body, ServerWebExchange exchange, boolean chat) {
		long arrival = System.nanoTime();
		JsonNode request;
		try {
			request = json.readTree(body);
		}
		catch (JacksonException ex) {
			return ResponseWriter.write(exchange, errors.badRequest("Invalid JSON body: " + ex.getOriginalMessage(), null));
		}
		if (request == null || !request.isObject()) {
			return ResponseWriter.write(exchange, errors.badRequest("The body must be a JSON object.", null));
		}
		String modelName = request.path("model").isString() ? request.path("model").stringValue() : firstModel();
		ModelEngine engine = (modelName != null) ? catalog.model(modelName) : null;
		if (engine == null) {
			return ResponseWriter.write(exchange, errors.modelNotFound(String.valueOf(modelName)));
		}
		FaultDecision decision = faults.decide(engine.name());
		Mono<Void> answer = FaultGate.pass(decision)
			.then(Mono.defer(() -> generate(request, engine, chat, arrival, exchange)));
		return answer.onErrorResume(ex -> {
			ResponseEntity<byte[]> error = toError(ex);
			return (error != null && !exchange.getResponse().isCommitted()) ? ResponseWriter.write(exchange, error)
					: Mono.error(ex);
		});
	}

	private Mono<Void> generate(JsonNode request, ModelEngine engine, boolean chat, long arrival,
			ServerWebExchange exchange) {
		String prompt = chat ? ChatTemplate.render(OpenAiRequests.messages(request)) : OpenAiRequests.prompt(request);
		int promptTokens = tokenizer.count(prompt);
		SamplingParams sampling = SamplingParams.read(request, "max_tokens",
				Math.max(1, Math.min(engine.profile().defaultMaxTokens(), engine.profile().maxModelLen() - promptTokens)));
		int contextWindow = engine.profile().maxModelLen();
		if (promptTokens + sampling.maxTokens() > contextWindow) {
			throw new BadRequestException("This model's maximum context length is " + contextWindow
					+ " tokens. However, you requested " + (promptTokens + sampling.maxTokens()) + " tokens ("
					+ promptTokens + " in the messages, " + sampling.maxTokens()
					+ " in the completion). Please reduce the length of the messages or completion.", "max_tokens");
		}
		if (engine.waiting() >= engine.profile().maxWaiting()) {
			throw new EngineOverloadedException(engine.name(), engine.waiting());
		}
		GenerationPlan plan = planner.plan(engine.name(), engine.profile(), prompt, promptTokens, sampling.maxTokens(),
				sampling.temperature(), sampling.seed(), engine.nextRequestNumber());
		String id = OpenAiPayloads.newId(chat ? "chatcmpl-" : "cmpl-");
		long created = Instant.now().getEpochSecond();
		if (request.path("stream").asBoolean(false)) {
			boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
			Flux<byte[]> events = chat ? chatEvents(engine, plan, id, created, arrival, includeUsage)
					: completionEvents(engine, plan, id, created, arrival, includeUsage);
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(EVENT_STREAM_UTF8);
			return ResponseWriter.stream(exchange, HttpStatus.OK, headers, events);
		}
		return engine.complete(plan, arrival).flatMap(done -> {
			Object body = chat ? payloads.chatCompletion(id, engine.name(), created, done)
					: payloads.completion(id, engine.name(), created, done);
			return ResponseWriter.write(exchange,
					ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(payloads.writeBytes(body)));
		});
	}

	/** vLLM sends the role with the first token, the finish reason with the last, then usage, then [DONE]. */
	private Flux<byte[]> chatEvents(ModelEngine engine, GenerationPlan plan, String id, long created, long arrival,
			boolean includeUsage) {
		String model = engine.name();
		int last = plan.completionTokens() - 1;
		Flux<byte[]> tokens = engine.stream(plan, arrival).index().concatMapIterable(token -> {
			int index = token.getT1().intValue();
			String finish = (index == last) ? plan.finishReason() : null;
			byte[] content = sse(payloads.chatChunk(id, model, created, null, token.getT2(), finish));
			return (index == 0) ? List.of(sse(payloads.chatChunk(id, model, created, "assistant", "", null)), content)
					: List.of(content);
		});
		return finishStream(tokens, includeUsage
				? () -> sse(payloads.usageChunk(id, "chat.completion.chunk", model, created, plan, plan.completionTokens()))
				: null);
	}

	private Flux<byte[]> completionEvents(ModelEngine engine, GenerationPlan plan, String id, long created,
			long arrival, boolean includeUsage) {
		String model = engine.name();
		int last = plan.completionTokens() - 1;
		Flux<byte[]> tokens = engine.stream(plan, arrival).index().map(token -> {
			String finish = (token.getT1().intValue() == last) ? plan.finishReason() : null;
			return sse(payloads.completionChunk(id, model, created, token.getT2(), finish));
		});
		return finishStream(tokens, includeUsage
				? () -> sse(payloads.usageChunk(id, "text_completion", model, created, plan, plan.completionTokens()))
				: null);
	}

	/** Appends usage and [DONE]; an error after the first byte becomes an SSE error event, as vLLM sends it. */
	private Flux<byte[]> finishStream(Flux<byte[]> tokens, Supplier<byte[]> usage) {
		Flux<byte[]> tail = (usage != null) ? Flux.concat(Mono.fromSupplier(usage), Mono.just(DONE)) : Flux.just(DONE);
		return tokens.concatWith(tail).onErrorResume(ex -> {
			ResponseEntity<byte[]> error = toError(ex);
			if (error == null) {
				return Flux.error(ex);
			}
			byte[] event = concat(ResponseWriter.utf8("data: "), error.getBody(), ResponseWriter.utf8("\n\n"));
			return Flux.just(event, DONE);
		});
	}

	private ResponseEntity<byte[]> toError(Throwable ex) {
		if (ex instanceof InjectedFaultException injected) {
			return errors.injected(injected.kind());
		}
		if (ex instanceof HangExpiredException) {
			return errors.timedOut();
		}
		if (ex instanceof EngineOverloadedException) {
			return errors.overloaded(ex.getMessage());
		}
		if (ex instanceof BadRequestException bad) {
			return errors.badRequest(bad.getMessage(), bad.param());
		}
		return null;
	}

	private byte[] sse(Object chunk) {
		return concat(ResponseWriter.utf8("data: "), payloads.writeBytes(chunk), ResponseWriter.utf8("\n\n"));
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, offset, part.length);
			offset += part.length;
		}
		return result;
	}

	private String firstModel() {
		return catalog.models().isEmpty() ? null : catalog.models().iterator().next().name();
	}

}
