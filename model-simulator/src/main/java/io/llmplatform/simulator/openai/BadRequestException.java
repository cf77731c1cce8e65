package io.llmplatform.simulator.openai;

/** The request is malformed or out of range: OpenAI/vLLM answer 400 BadRequestError. */
public final class BadRequestException extends RuntimeException {

	private final String param;

	public BadRequestException(String message, String param) {
		super(message, null, false, false);
		this.param = param;
	}

	public String param() {
		return param;
	}

}
