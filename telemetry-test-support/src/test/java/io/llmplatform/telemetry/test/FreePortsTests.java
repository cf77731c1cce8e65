package io.llmplatform.telemetry.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTests {

	@Test
	void portsAreBelowTheEphemeralRangeDistinctAndBindable() throws IOException {
		int ephemeralStart = FreePorts.ephemeralStart();
		assertThat(ephemeralStart).isGreaterThan(FreePorts.LOWEST);
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			int port = FreePorts.next();
			assertThat(port).isBetween(FreePorts.LOWEST, ephemeralStart - 1);
			assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
		}
		int port = FreePorts.next();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void aPortInUseIsNotHandedOut() throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
			for (int i = 0; i < 200; i++) {
				assertThat(FreePorts.next()).isNotEqualTo(taken.getLocalPort());
			}
		}
	}

}
