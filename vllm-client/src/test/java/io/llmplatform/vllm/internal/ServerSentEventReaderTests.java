package io.llmplatform.vllm.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventReaderTests {

	@Test
	void readsOneDataPayloadPerEvent() throws IOException {
		assertThat(read("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n")).containsExactly("{\"a\":1}",
				"{\"b\":2}", "[DONE]");
	}

	@Test
	void acceptsCrLfAndCrLineEndings() throws IOException {
		assertThat(read("data: one\r\n\r\ndata: two\r\rdata: three\n\n")).containsExactly("one", "two", "three");
	}

	@Test
	void joinsMultiLineDataAndDropsOnlyOneLeadingSpace() throws IOException {
		assertThat(read("data: first\ndata:second\ndata:  third\n\n")).containsExactly("first\nsecond\n third");
	}

	@Test
	void ignoresCommentsOtherFieldsAndEmptyEvents() throws IOException {
		assertThat(read("\uFEFF: keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: payload\n\n\n\n"))
			.containsExactly("payload");
	}

	@Test
	void anEventCutOffByTheEndOfTheStreamStillCounts() throws IOException {
		assertThat(read("data: complete\n\ndata: cut")).containsExactly("complete", "cut");
	}

	@Test
	void anEmptyStreamHasNoEvents() throws IOException {
		assertThat(read("")).isEmpty();
	}

	@Test
	void keepsUtf8Intact() throws IOException {
		assertThat(read("data: Grüße 🌍\n\n")).containsExactly("Grüße 🌍");
	}

	private static List<String> read(String stream) throws IOException {
		ServerSentEventReader reader = new ServerSentEventReader(
				new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
		List<String> events = new ArrayList<>();
		String data;
		while ((data = reader.nextData()) != null) {
			events.add(data);
		}
		return events;
	}

}
