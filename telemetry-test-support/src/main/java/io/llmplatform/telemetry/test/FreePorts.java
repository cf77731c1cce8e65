package io.llmplatform.telemetry.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes a test starts, chosen below the kernel's ephemeral range. A port
 * from {@code new ServerSocket(0)} is an ephemeral one: in the seconds until the process that
 * is given it binds it, any outgoing connection on the machine may take it as its local port,
 * and the process then fails with "Port ... was already in use" (it happened in CI). Ports
 * below the range are never given to outgoing connections; each is handed out once per JVM
 * and only after a bind on loopback succeeded.
 */
public final class FreePorts {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** Lowest port handed out: above the well-known and the usual fixed service ports. */
	static final int LOWEST = 10_000;

	/** Linux's default start of the ephemeral range, when the kernel's cannot be read. */
	private static final int DEFAULT_EPHEMERAL_START = 32_768;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * @return a port that is free on loopback now, outside the ephemeral range, not handed out before by this JVM
	 */
	public static int next() {
		int highest = ephemeralStart() - 1;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 1000 && highest > LOWEST; attempt++) {
			int port = random.nextInt(LOWEST, highest + 1);
			if (handedOut.add(port) && bindable(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
	}

	/** The first port of the kernel's ephemeral range. */
	static int ephemeralStart() {
		try {
			// Not readString: it trusts the size /proc reports and returned one character here.
			String[] range = String.join(" ", Files.readAllLines(EPHEMERAL_RANGE)).trim().split("\\s+");
			return Integer.parseInt(range[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
