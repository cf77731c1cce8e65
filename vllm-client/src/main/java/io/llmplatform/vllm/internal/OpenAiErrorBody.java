package io.llmplatform.vllm.internal;

import java.util.Collection;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error of an OpenAI-style answer: {@code {"error": {"message", "type", "param", "code"}}}
 * (current vLLM), or the same fields at the top level ({@code {"object": "error", ...}}, older
 * vLLM). Internal.
 *
 * @param type {@code error.type}, if any
 * @param message {@code error.message}, screened (see {@link #screen})
 * @param code {@code error.code} when it is a number (vLLM puts the HTTP status there), else 0
 */
record OpenAiErrorBody(@Nullable String type, @Nullable String message, int code) {

	/** Longest server message kept. */
	static final int MAX_MESSAGE_LENGTH = 300;

	/** Length of the prompt fragments looked for in a server message. */
	private static final int FRAGMENT_LENGTH = 16;

	/** Shortest prompt text that is looked for at all (shorter ones say nothing). */
	private static final int MIN_TEXT_LENGTH = 4;

	static final OpenAiErrorBody EMPTY = new OpenAiErrorBody(null, null, 0);

	/**
	 * Reads an error from an answer body.
	 * @param json the mapper
	 * @param body the body (may be anything: HTML from a proxy, empty, ...)
	 * @param promptTexts the request's texts, which the message must not quote
	 * @return the error, {@link #EMPTY} if the body holds none
	 */
	static OpenAiErrorBody read(JsonMapper json, byte[] body, Collection<String> promptTexts) {
		if (body.length == 0) {
			return EMPTY;
		}
		try {
			OpenAiWire.Response response = json.readValue(body, OpenAiWire.Response.class);
			// A failed answer's body: the error object, or the same fields at the top level.
			return (response != null) ? of(response, promptTexts) : EMPTY;
		}
		catch (JacksonException ex) {
			return EMPTY;
		}
	}

	/**
	 * The error of a bound answer body or SSE error event.
	 * @param response the failed answer or the error event
	 * @param promptTexts the request's texts, which the message must not quote
	 * @return the error
	 */
	static OpenAiErrorBody of(OpenAiWire.Response response, Collection<String> promptTexts) {
		OpenAiWire.ErrorFields error = response.errorFields();
		return new OpenAiErrorBody(error.type(), screen(error.message(), promptTexts), error.numericCode());
	}

	/**
	 * Shortens a server message and drops it when it may quote the request: request validation
	 * errors of FastAPI (behind vLLM) echo the body as {@code 'input'}, and any message may
	 * repeat a prompt. Dropping a harmless message costs less than leaking a prompt into logs,
	 * problem details or span events.
	 * @param message the server's message
	 * @param promptTexts the request's texts
	 * @return the message, shortened, or {@code null}
	 */
	static @Nullable String screen(@Nullable String message, Collection<String> promptTexts) {
		if (message == null || message.isBlank()) {
			return null;
		}
		// Shortened first: what is cut off never leaves, and the screening stays cheap.
		String shortened = (message.length() > MAX_MESSAGE_LENGTH) ? message.substring(0, MAX_MESSAGE_LENGTH) + "..."
				: message;
		if (shortened.contains("'input'") || shortened.contains("\"input\"")) {
			return null;
		}
		for (String text : promptTexts) {
			if (quotes(shortened, text)) {
				return null;
			}
		}
		return shortened;
	}

	private static boolean quotes(String message, String text) {
		String trimmed = text.strip();
		if (trimmed.length() < MIN_TEXT_LENGTH) {
			return false;
		}
		if (trimmed.length() <= FRAGMENT_LENGTH) {
			return message.contains(trimmed);
		}
		// Any stretch of the message that occurs in the prompt: catches shortened quotes too.
		for (int start = 0; start + FRAGMENT_LENGTH <= message.length(); start++) {
			if (trimmed.contains(message.substring(start, start + FRAGMENT_LENGTH))) {
				return true;
			}
		}
		return false;
	}

}
