package io.llmplatform.gateway.problem;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A predict request names a team that is not configured under {@code platform.gateway.teams}.
 */
public class UnknownTeamException extends ResponseStatusException {

	public UnknownTeamException() {
		super(HttpStatus.NOT_FOUND, "The team in the path is not configured.");
	}

}
