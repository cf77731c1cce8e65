package io.llmplatform.team.internal;

import java.io.IOException;
import java.time.Duration;

import io.llmplatform.team.RequestDeadline;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Starts the request's {@link RequestDeadline} when it arrives: what the gateway's
 * {@value RequestDeadline#HEADER} header says is left, never more than the configured maximum
 * (which is also the deadline of a request without the header). Internal: not a stable API.
 */
public class RequestDeadlineFilter extends OncePerRequestFilter {

	private final Duration maxDeadline;

	public RequestDeadlineFilter(Duration maxDeadline) {
		this.maxDeadline = maxDeadline;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestDeadline deadline = RequestDeadline.after(budget(request.getHeader(RequestDeadline.HEADER)));
		try (RequestDeadline.Scope scope = deadline.makeCurrent()) {
			chain.doFilter(request, response);
		}
	}

	Duration budget(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return this.maxDeadline;
		}
		try {
			Duration given = Duration.ofMillis(Math.max(0, Long.parseLong(header.strip())));
			return (given.compareTo(this.maxDeadline) < 0) ? given : this.maxDeadline;
		}
		catch (NumberFormatException ex) {
			return this.maxDeadline;
		}
	}

}
