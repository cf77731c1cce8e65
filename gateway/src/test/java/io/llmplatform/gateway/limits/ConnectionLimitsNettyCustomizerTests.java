package io.llmplatform.gateway.limits;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limits on a real Reactor Netty server on loopback.
 */
class ConnectionLimitsNettyCustomizerTests {

	private final List<Socket> sockets = new ArrayList<>();

	private DisposableServer server;

	@AfterEach
	void stop() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void connectionsBeyondTheLimitAreClosedOnArrivalAndOthersStillServed() throws Exception {
		start(3, Duration.ofSeconds(30));
		for (int i = 0; i < 3; i++) {
			// Served once, so the server has surely counted it: connections are counted on their own event loops,
			// so a connection that is merely open could be counted after a later one.
			assertThat(firstLineOfAnswer(open())).startsWith("HTTP/1.1 200");
		}
		Socket refused = open();
		assertThat(closedWithin(refused, Duration.ofSeconds(5))).isTrue();
		this.sockets.get(0).close();
		// The server frees the slot when it sees the close; until then a new connection is still refused.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.ignoreExceptions()
			.until(() -> firstLineOfAnswerOnNewConnection(), (line) -> line.startsWith("HTTP/1.1 200"));
	}

	private String firstLineOfAnswerOnNewConnection() throws IOException {
		return firstLineOfAnswer(open());
	}

	private static String firstLineOfAnswer(Socket admitted) throws IOException {
		admitted.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		admitted.setSoTimeout(2000);
		byte[] head = new byte[12];
		int read = admitted.getInputStream().read(head);
		return (read > 0) ? new String(head, 0, read, StandardCharsets.US_ASCII) : "";
	}

	@Test
	void requestHeadThatIsNotCompleteInTimeClosesTheConnectionEvenWhenItTrickles() throws Exception {
		start(100, Duration.ofMillis(700));
		Socket trickling = open();
		long started = System.nanoTime();
		trickling.setSoTimeout(100);
		boolean closed = false;
		for (int i = 0; i < 50 && !closed; i++) {
			try {
				trickling.getOutputStream().write("X".getBytes(StandardCharsets.US_ASCII));
				closed = trickling.getInputStream().read() == -1;
			}
			catch (SocketTimeoutException ex) {
				// still open: trickle on
			}
			catch (IOException ex) {
				closed = true;
			}
		}
		assertThat(closed).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void completeRequestHeadsAreNotCutOff() throws Exception {
		start(100, Duration.ofMillis(300));
		Socket socket = open();
		socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		Thread.sleep(600);
		socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		socket.setSoTimeout(5000);
		String answers = new String(readSome(socket.getInputStream()), StandardCharsets.US_ASCII);
		assertThat(answers).startsWith("HTTP/1.1 200");
	}

	private void start(int maxConnections, Duration headTimeout) {
		this.server = new ConnectionLimitsNettyCustomizer(maxConnections, headTimeout, "X-Correlation-ID")
			.apply(HttpServer.create().host("127.0.0.1").port(0))
			.handle((request, response) -> response.sendString(reactor.core.publisher.Mono.just("ok")))
			.bindNow();
	}

	private Socket open() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port());
		this.sockets.add(socket);
		return socket;
	}

	private static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		try {
			return socket.getInputStream().read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static byte[] readSome(InputStream in) throws IOException {
		byte[] buffer = new byte[1024];
		int read = in.read(buffer);
		return java.util.Arrays.copyOf(buffer, Math.max(read, 0));
	}

}
