package io.llmplatform.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * One message of a chat-style prediction request.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text
 */
public record ChatTurn(@NotBlank @Pattern(regexp = "system|user|assistant",
		message = "must be one of system, user, assistant") String role, @NotBlank String content) {

	public static ChatTurn user(String content) {
		return new ChatTurn("user", content);
	}

	public static ChatTurn system(String content) {
		return new ChatTurn("system", content);
	}

}
