package io.llmplatform.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.llmplatform.gateway.quota.TokenUsage;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * The token quota's read of every 2xx answer (the tokens it charges), on the answer the
 * gateway benchmark's backend sends: {@link TokenUsage} (a copy of the bytes, then the
 * streaming parser) against its baseline, the whole body read as a tree from the buffer's
 * input stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx256m" })
public class TokenUsageBenchmark {

	/** bench/lib/common.sh's BACKEND_BODY: the shape of a team service's answer. */
	private static final String ANSWER = "{\"output\":\"Quantization maps weights to fewer bits.\",\"model\":\"bench-model\","
			+ "\"model_version\":\"1\",\"served_by\":\"bench-endpoint\",\"usage\":{\"input_tokens\":5,\"output_tokens\":9},"
			+ "\"timings\":{\"total_ms\":0},\"correlation_id\":\"bench\"}";

	private final JsonMapper json = JsonMapper.builder().build();

	private DataBuffer answer;

	@Setup
	public void setUp() {
		// As the gateway gets it from Reactor Netty: a pooled direct buffer.
		byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
		this.answer = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT).allocateBuffer(bytes.length).write(bytes);
	}

	@Benchmark
	public long baselineReadTree() {
		int start = this.answer.readPosition();
		try {
			JsonNode usage = this.json.readTree(this.answer.asInputStream(false)).path("usage");
			return usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0);
		}
		finally {
			this.answer.readPosition(start);
		}
	}

	@Benchmark
	public long tokenUsage() {
		byte[] bytes = new byte[this.answer.readableByteCount()];
		int start = this.answer.readPosition();
		this.answer.read(bytes);
		this.answer.readPosition(start);
		return TokenUsage.spent(this.json, bytes, 0, bytes.length);
	}

}
