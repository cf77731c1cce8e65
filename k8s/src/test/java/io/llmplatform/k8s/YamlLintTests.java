package io.llmplatform.k8s;

import java.util.List;

import org.junit.jupiter.api.Test;

/** yamllint over k8s/ with k8s/.yamllint (Debian's yamllint; CI installs it). */
class YamlLintTests {

	@Test
	void everyYamlFileUnderK8sPassesYamllint() {
		Manifests.requireTool("yamllint", "the manifests are linted with k8s/.yamllint");
		Manifests.run(Manifests.moduleDir(), List.of("yamllint", "--strict", "-c", ".yamllint", "."));
	}

}
