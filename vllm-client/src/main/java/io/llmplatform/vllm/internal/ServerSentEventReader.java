package io.llmplatform.vllm.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code data} of Server-Sent Events from a stream, one event at a time, as the
 * stream arrives (nothing is buffered beyond the current line). Follows the WHATWG event
 * stream rules that matter here: lines end with LF, CR or CRLF; {@code data:} lines of one
 * event are joined with LF; one space after the colon is dropped; comment lines (starting with
 * a colon) and other fields ({@code event}, {@code id}, {@code retry}) are ignored; an event
 * ends at an empty line, or at the end of the stream. Kept rather than Spring's
 * {@code ServerSentEventHttpMessageReader}: RestClient has no event-stream support, and that
 * reader, fed a blocking body through Reactor, held an event back until the next bytes arrived
 * (a stream test waiting for the first event before the second was written hung), which would
 * delay every delta and the time to first chunk. Internal.
 */
public final class ServerSentEventReader {

	private final BufferedReader reader;

	private boolean first = true;

	public ServerSentEventReader(InputStream in) {
		this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
	}

	/**
	 * Reads up to the end of the next event that carries data.
	 * @return the event's data, or {@code null} at the end of the stream
	 * @throws IOException if reading fails
	 */
	public @Nullable String nextData() throws IOException {
		StringBuilder data = null;
		String line;
		while ((line = this.reader.readLine()) != null) {
			if (this.first) {
				this.first = false;
				if (line.startsWith("\uFEFF")) {
					line = line.substring(1);
				}
			}
			if (line.isEmpty()) {
				if (data != null) {
					return data.toString();
				}
				continue;
			}
			if (line.charAt(0) == ':') {
				continue;
			}
			int colon = line.indexOf(':');
			String field = (colon < 0) ? line : line.substring(0, colon);
			if (!field.equals("data")) {
				continue;
			}
			String value = (colon < 0) ? "" : line.substring(colon + 1);
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			if (data == null) {
				data = new StringBuilder(value);
			}
			else {
				data.append('\n').append(value);
			}
		}
		return (data != null) ? data.toString() : null;
	}

}
