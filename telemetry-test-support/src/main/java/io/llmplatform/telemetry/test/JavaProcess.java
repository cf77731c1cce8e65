package io.llmplatform.telemetry.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A class of the test class path started as a separate JVM, with only the environment
 * variables it is given (beside PATH and JAVA_HOME), its stdout kept line by line.
 */
public final class JavaProcess implements AutoCloseable {

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private JavaProcess(Process process) {
		this.process = process;
		this.reader = new Thread(this::read, "stdout-" + process.pid());
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** Small heap and fast start: several of these share two cores in a system test. */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC", "-Xss512k");

	public static JavaProcess start(String mainClass, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-cp", testClassPath(), mainClass));
		command.addAll(List.of(args));
		return start(command, environment);
	}

	/**
	 * Starts an executable jar (e.g. a service's {@code -exec.jar}).
	 * @param jar the jar
	 * @param environment the only environment variables besides PATH
	 * @param args program arguments
	 * @return the process
	 */
	public static JavaProcess startJar(java.nio.file.Path jar, Map<String, String> environment, String... args) {
		return startJar(JVM_OPTIONS, jar, environment, args);
	}

	/**
	 * Starts an executable jar with JVM options of its own in place of the small, fast-starting defaults of the
	 * other system tests: for a test of how a service runs as deployed (e.g. a container image's options).
	 * @param jvmOptions the only options on the command line (the environment may add more)
	 * @param jar the jar
	 * @param environment the only environment variables besides PATH
	 * @param args program arguments
	 * @return the process
	 */
	public static JavaProcess startJar(List<String> jvmOptions, java.nio.file.Path jar,
			Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(List.of(args));
		return start(command, environment);
	}

	private static JavaProcess start(List<String> command, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		String path = env.get("PATH");
		env.clear();
		env.put("PATH", (path != null) ? path : "/usr/bin:/bin");
		env.putAll(environment);
		try {
			return new JavaProcess(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The test class path: Surefire's own when forked by Surefire, else this JVM's. */
	static String testClassPath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	private static String javaExecutable() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	/**
	 * @return a port for a process to listen on (see {@link FreePorts})
	 */
	public static int freePort() {
		return FreePorts.next();
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			// The process ended.
		}
	}

	/**
	 * Waits until a line of output contains {@code text}.
	 * @throws IllegalStateException when the process ends or the time runs out first
	 */
	public void awaitOutput(String text, Duration timeout) {
		try {
			Awaitility.await()
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(100))
				.failFast(() -> !this.process.isAlive() && this.output.stream().noneMatch((line) -> line.contains(text)))
				.until(() -> this.output.stream().anyMatch((line) -> line.contains(text)));
		}
		catch (TerminalFailureException ex) {
			throw new IllegalStateException("Process ended before '" + text + "':\n" + String.join("\n", this.output));
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("No '" + text + "' within " + timeout + ":\n" + String.join("\n", this.output));
		}
	}

	/**
	 * Ends the process at once (SIGKILL): no shutdown hooks, as in a crash.
	 * @throws InterruptedException when interrupted while waiting for it to end
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Waits until the process ends by itself and its output has been read.
	 * @param timeout how long to wait
	 * @return its exit code
	 * @throws IllegalStateException when it is still running after {@code timeout}
	 * @throws InterruptedException when interrupted while waiting
	 */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Still running after " + timeout + ":\n" + String.join("\n", this.output));
		}
		this.reader.join(TimeUnit.SECONDS.toMillis(10));
		return this.process.exitValue();
	}

	/**
	 * @return the operating system's id of the process (e.g. to read {@code /proc/<pid>/status})
	 */
	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public List<String> output() {
		return List.copyOf(this.output);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
