package io.llmplatform.team.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.llmplatform.team.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps every request body within {@code platform.team.max-request-body}, before anything parses it:
 * a {@code Content-Length} above the limit is answered 413 without reading the body; a body of
 * unknown length (chunked) is read up to one byte past the limit, answered 413 if it gets there,
 * and otherwise handed on from that buffer. So no request can hold more than the limit in the heap.
 * Internal: not a stable API.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

	private final long maxBytes;

	public RequestBodyLimitFilter(DataSize maxRequestBody) {
		if (maxRequestBody.isNegative() || maxRequestBody.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("platform.team.max-request-body must be between 0 and 2 GB");
		}
		this.maxBytes = maxRequestBody.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long contentLength = request.getContentLengthLong();
		if (contentLength > this.maxBytes) {
			reject(request, response);
			return;
		}
		if (contentLength < 0) {
			// Chunked, or no body at all (then the stream ends at once).
			byte[] body = request.getInputStream().readNBytes(Math.toIntExact(this.maxBytes + 1));
			if (body.length > this.maxBytes) {
				reject(request, response);
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		// A Content-Length within the limit: the container reads no further than that length.
		chain.doFilter(request, response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
		logger.warn("Rejected a request body to {} above {} bytes (Content-Length {})", request.getRequestURI(),
				this.maxBytes, request.getContentLengthLong());
		// The rest of the body is not read: the connection cannot be reused.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		FilterProblems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
				"Payload too large", "The request body is larger than this service accepts (" + this.maxBytes
						+ " bytes).");
	}

	/** The request with its body already read, within the limit. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			return new BufferedInputStream(new ByteArrayInputStream(this.body));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

	private static final class BufferedInputStream extends ServletInputStream {

		private final InputStream in;

		private boolean finished;

		BufferedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int read = this.in.read();
			this.finished = read < 0;
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = this.in.read(buffer, offset, length);
			this.finished = read < 0;
			return read;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("The body is already read: no asynchronous reading");
		}

	}

}
