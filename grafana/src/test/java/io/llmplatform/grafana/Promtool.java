package io.llmplatform.grafana;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the binaries of Debian's {@code prometheus} package ({@code promtool}, {@code prometheus}):
 * on the PATH, else in /usr/bin. {@code .ci/run} installs the package.
 */
final class Promtool {

	private Promtool() {
	}

	static Optional<Path> binary(String name) {
		List<Path> candidates = new ArrayList<>();
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			if (!dir.isBlank()) {
				candidates.add(Path.of(dir, name));
			}
		}
		candidates.add(Path.of("/usr/bin", name));
		return candidates.stream().filter(Files::isExecutable).findFirst();
	}

	static String missingMessage(String name) {
		return name + " not found: install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does";
	}

	/** Runs promtool with these arguments in {@code workingDir}; returns the exit code and the output. */
	static Result run(Path workingDir, List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(binary("promtool").orElseThrow(() -> new IllegalStateException(missingMessage("promtool"))).toString());
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("promtool did not finish: " + command);
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String output) {
	}

}
