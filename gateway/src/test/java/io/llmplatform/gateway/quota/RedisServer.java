package io.llmplatform.gateway.quota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence.
 * Tests that use it are skipped, with the reason, where the package is not installed.
 */
public final class RedisServer implements AutoCloseable {

	private static final Path EXECUTABLE = Path.of("/usr/bin/redis-server");

	private final Process process;

	public final int port;

	private RedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static RedisServer start() throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
				"redis-server is not installed (apt-get install redis-server); .ci/run installs it");
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Process process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		RedisServer server = new RedisServer(process, port);
		await().atMost(Duration.ofSeconds(20)).until(server::answersPing);
		return server;
	}

	private boolean answersPing() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			return in.read(reply) > 0 && new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Stops ({@code SIGSTOP}) or continues ({@code SIGCONT}) the server: stopped, it keeps its connections and
	 * answers nothing, as a Redis that hangs or a network that drops packets.
	 * @param hung whether to stop it
	 */
	public void hang(boolean hung) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", hung ? "-STOP" : "-CONT", Long.toString(this.process.pid()))
			.inheritIO()
			.start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill " + (hung ? "-STOP" : "-CONT") + " failed for redis-server");
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
