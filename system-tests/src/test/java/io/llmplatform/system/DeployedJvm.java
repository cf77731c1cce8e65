package io.llmplatform.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import io.llmplatform.telemetry.test.JavaProcess;
import io.llmplatform.telemetry.test.LocalSuite;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A service's JVM as its Deployment runs it, for the memory-limit system tests: the container's literal environment
 * and limits from its manifest, the image's JVM options from the Jib configuration, and what the kernel says of its
 * resident memory.
 */
final class DeployedJvm {

	private DeployedJvm() {
	}

	/**
	 * The JVM options of the container: the image's {@code jvmFlag}s (the Jib configuration in the root
	 * {@code pom.xml}), then its CPU limit as the JVM's processors and its memory limit as the machine's memory.
	 */
	static List<String> jvmOptions(Container container) throws Exception {
		List<String> options = new ArrayList<>(imageJvmFlags(LocalSuite.root().resolve("pom.xml")));
		options.add("-XX:ActiveProcessorCount=" + container.processors());
		options.add("-XX:MaxRAM=" + container.memoryLimitBytes());
		return options;
	}

	/**
	 * The container's literal environment on loopback: its API port {@code port}, its management port a free one,
	 * both bound to 127.0.0.1 instead of every interface.
	 */
	static Map<String, String> environmentOnLoopback(Container container, int port) {
		Map<String, String> environment = new LinkedHashMap<>(container.environment());
		environment.put("SERVER_PORT", Integer.toString(port));
		environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(JavaProcess.freePort()));
		environment.put("SERVER_ADDRESS", "127.0.0.1");
		environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
		return environment;
	}

	/**
	 * Starts an executable jar as the container runs it ({@link #jvmOptions}), waits for its started line and checks
	 * that the launcher read the container's {@code JDK_JAVA_OPTIONS}, the memory options under test.
	 */
	static JavaProcess start(Container container, Path jar, Map<String, String> environment, String startedLine,
			String... args) throws Exception {
		String memoryOptions = container.environment().get("JDK_JAVA_OPTIONS");
		assertThat(memoryOptions).as("the heap and collector sized for the memory limit, in JDK_JAVA_OPTIONS")
			.isNotNull();
		JavaProcess process = JavaProcess.startJar(jvmOptions(container), jar, environment, args);
		try {
			process.awaitOutput(startedLine, Duration.ofSeconds(120));
			assertThat(process.output()).as("the launcher read the pod's JVM options")
				.anyMatch((line) -> line.contains("Picked up JDK_JAVA_OPTIONS: " + memoryOptions));
		}
		catch (RuntimeException | Error ex) {
			process.close();
			throw ex;
		}
		return process;
	}

	/** VmHWM: the kernel's own highest resident memory of the process since its start, in KiB; 0 once it has ended. */
	static long peakResidentKb(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException ex) {
			// The process has ended.
		}
		return 0;
	}

	/** The same request on {@code connections} connections at once for {@code seconds} s, while the process lives. */
	static Load load(HttpClient http, HttpRequest request, JavaProcess process, int connections, int seconds)
			throws InterruptedException {
		Map<Integer, Long> statuses = new ConcurrentHashMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		Semaphore inFlight = new Semaphore(connections);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < end && process.isAlive()) {
			inFlight.acquire();
			http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				if (failure != null) {
					failures.add(failure.toString());
				}
				else {
					statuses.merge(response.statusCode(), 1L, Long::sum);
				}
				inFlight.release();
			});
		}
		assertThat(inFlight.tryAcquire(connections, 30, TimeUnit.SECONDS)).as("the last requests were answered").isTrue();
		return new Load(Map.copyOf(statuses), List.copyOf(failures));
	}

	/** Answers by status, and the requests that got none. */
	record Load(Map<Integer, Long> statuses, List<String> failures) {

		long answered() {
			return this.statuses.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	private static List<String> imageJvmFlags(Path pom) throws Exception {
		NodeList flags = (NodeList) XPathFactory.newInstance()
			.newXPath()
			.evaluate("//plugin[artifactId='jib-maven-plugin']/configuration/container/jvmFlags/jvmFlag",
					DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()),
					XPathConstants.NODESET);
		List<String> result = new ArrayList<>();
		for (int i = 0; i < flags.getLength(); i++) {
			result.add(flags.item(i).getTextContent().trim());
		}
		assertThat(result).as("the images' JVM options in " + pom).isNotEmpty();
		return result;
	}

	/**
	 * A Deployment's container: its literal environment (values from the Downward API or a Secret are left out), its
	 * memory limit and its CPU limit rounded up to whole processors.
	 */
	record Container(Map<String, String> environment, long memoryLimitBytes, int processors) {

		/**
		 * The first Deployment's container of a manifest under the repository's root; the test is skipped where the
		 * resident memory cannot be read from {@code /proc}.
		 */
		@SuppressWarnings("unchecked")
		static Container read(String manifest) throws IOException {
			assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "the resident memory is read from /proc (Linux)");
			Path path = LocalSuite.root().resolve(manifest);
			try (InputStream in = Files.newInputStream(path)) {
				for (Object document : new Yaml().loadAll(in)) {
					Map<String, Object> object = (Map<String, Object>) document;
					if (object == null || !"Deployment".equals(object.get("kind"))) {
						continue;
					}
					Map<String, Object> container = ((List<Map<String, Object>>) at(object, "spec", "template", "spec",
							"containers")).get(0);
					Map<String, String> environment = new LinkedHashMap<>();
					for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
						if (variable.containsKey("value")) {
							environment.put((String) variable.get("name"), String.valueOf(variable.get("value")));
						}
					}
					Map<String, Object> limits = (Map<String, Object>) at(container, "resources", "limits");
					return new Container(environment, bytes(String.valueOf(limits.get("memory"))),
							processors(String.valueOf(limits.get("cpu"))));
				}
			}
			throw new AssertionError("no Deployment in " + path);
		}

		long memoryLimitMiB() {
			return this.memoryLimitBytes / (1024 * 1024);
		}

		@SuppressWarnings("unchecked")
		private static Object at(Map<String, Object> object, String... path) {
			Object node = object;
			for (String key : path) {
				node = ((Map<String, Object>) node).get(key);
			}
			return node;
		}

		/** A Kubernetes memory quantity in binary units (Ki, Mi, Gi) or bytes. */
		static long bytes(String quantity) {
			List<String> units = List.of("Ki", "Mi", "Gi");
			for (int i = 0; i < units.size(); i++) {
				if (quantity.endsWith(units.get(i))) {
					return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << (10 * (i + 1));
				}
			}
			return Long.parseLong(quantity);
		}

		/** A CPU quantity ("1", "500m") as the processors the JVM sees in the container: rounded up, at least 1. */
		static int processors(String quantity) {
			double cpus = quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
					: Double.parseDouble(quantity);
			return Math.max(1, (int) Math.ceil(cpus));
		}

	}

}
