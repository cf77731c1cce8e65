package io.llmplatform.team.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;

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
 * <p>
 * The bodies of all requests in progress together stay within {@code platform.team.max-buffered-bodies}:
 * each request reserves its {@code Content-Length} (a chunked one the limit, until its body has been
 * read) before a byte is read, and gives it back when it ends; a request that does not fit is answered
 * 503 with {@code Retry-After} at once. The heap is sized for that bound (a body costs a few times its
 * size in the heap while it is parsed), so that many large bodies at once cannot exhaust it.
 * Internal: not a stable API.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

	/** Seconds a caller refused for want of room should wait before trying again. */
	private static final String RETRY_AFTER_SECONDS = "1";

	private final long maxBytes;

	private final int maxBufferedBytes;

	/** A permit per byte: a request takes its body's before the body is read and gives them back when it ends. */
	private final Semaphore bufferedBytes;

	public RequestBodyLimitFilter(DataSize maxRequestBody, DataSize maxBufferedBodies) {
		if (maxRequestBody.isNegative() || maxRequestBody.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("platform.team.max-request-body must be between 0 and 2 GB");
		}
		if (maxBufferedBodies.toBytes() < maxRequestBody.toBytes()) {
			throw new IllegalArgumentException("platform.team.max-buffered-bodies (" + maxBufferedBodies
					+ ") must hold at least one body of platform.team.max-request-body (" + maxRequestBody + ")");
		}
		if (maxBufferedBodies.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("platform.team.max-buffered-bodies must be below 2 GB");
		}
		this.maxBytes = maxRequestBody.toBytes();
		this.maxBufferedBytes = (int) maxBufferedBodies.toBytes();
		this.bufferedBytes = new Semaphore(this.maxBufferedBytes);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long contentLength = request.getContentLengthLong();
		if (contentLength > this.maxBytes) {
			reject(request, response);
			return;
		}
		// A chunked body may grow to the limit until it has arrived; without either header there is no body.
		boolean chunked = contentLength < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		int reserved = (int) (chunked ? this.maxBytes : Math.max(contentLength, 0));
		if (!this.bufferedBytes.tryAcquire(reserved)) {
			busy(request, response);
			return;
		}
		try {
			if (contentLength < 0) {
				byte[] body = request.getInputStream().readNBytes(Math.toIntExact(this.maxBytes + 1));
				if (body.length > this.maxBytes) {
					reject(request, response);
					return;
				}
				if (body.length < reserved) {
					this.bufferedBytes.release(reserved - body.length);
					reserved = body.length;
				}
				chain.doFilter(new BufferedBodyRequest(request, body), response);
				return;
			}
			// A Content-Length within the limit: the container reads no further than that length.
			chain.doFilter(request, response);
		}
		finally {
			this.bufferedBytes.release(reserved);
		}
	}

	private void busy(HttpServletRequest request, HttpServletResponse response) throws IOException {
		logger.warn("Refused a request body to {} of {} bytes: the bodies in progress hold {} of {} bytes",
				request.getRequestURI(), request.getContentLengthLong(),
				this.maxBufferedBytes - this.bufferedBytes.availablePermits(), this.maxBufferedBytes);
		// The body is not read: the connection cannot be reused.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		FilterProblems.write(response, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.BODY_BUFFER_FULL,
				"Request bodies in progress at their limit", "The bodies of the requests in progress hold all of the "
						+ this.maxBufferedBytes + " bytes this service buffers; try again shortly.");
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
