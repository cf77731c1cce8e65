package io.llmplatform.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s/create-secrets.sh} makes every Secret key the rendered overlays reference, in the right
 * namespace, and the keys fit together: the gateway's hash file holds the SHA-256 of each key it
 * prints, and each team holds the SHA-256 of the gateway's internal credential.
 */
class CreateSecretsScriptTests {

	static final List<String> OVERLAYS = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everySecretKeyTheOverlayReferencesIsMadeByTheScript(String overlay) {
		Generated generated = Generated.run();
		List<String> missing = new ArrayList<>();
		for (Manifests.Workload workload : Manifests.workloads(overlay)) {
			String namespace = workload.object().getMetadata().getNamespace();
			for (Container container : RenderedManifestsTests.containers(workload)) {
				for (EnvVar env : (container.getEnv() != null) ? container.getEnv() : List.<EnvVar>of()) {
					if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
						continue;
					}
					String name = env.getValueFrom().getSecretKeyRef().getName();
					if (name.equals("grafana-secrets") || name.equals("vllm-hf-token")) {
						continue; // operator-made, documented in their example files
					}
					if (generated.value(namespace, name, env.getValueFrom().getSecretKeyRef().getKey()) == null) {
						missing.add(workload.id() + " " + env.getName() + " <- " + name);
					}
				}
			}
			for (Volume volume : workload.template().getSpec().getVolumes()) {
				if (volume.getSecret() != null) {
					volume.getSecret().getItems().forEach((item) -> {
						if (generated.value(namespace, volume.getSecret().getSecretName(), item.getKey()) == null) {
							missing.add(workload.id() + " volume " + volume.getName() + " <- " + item.getKey());
						}
					});
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void keysPrintedOnceAreTheHashesTheClusterHolds(String overlay) {
		Generated generated = Generated.run();
		String hashFile = generated.value("platform", "gateway-secrets", "api-key-hashes");
		for (String team : Manifests.TEAMS) {
			String key = generated.printed.get(team.toUpperCase() + "_API_KEY");
			assertThat(hashFile).contains(team + " " + sha256(key));
			assertThat(generated.value("team-" + team, "team-secrets", "internal-credential-sha256"))
				.isEqualTo(sha256(generated.value("platform", "gateway-secrets", "internal-credential")));
		}
		String admin = generated.printed.get("ADMIN_API_KEY");
		assertThat(hashFile).contains("admin " + sha256(admin));
		assertThat(generated.value("models", "simulator-secrets", "admin-api-key-sha256")).isEqualTo(sha256(admin));
		assertThat(generated.manifests).doesNotContain(admin).doesNotContain(generated.printed.get("QUANT_API_KEY"));
		// The one plain key in the cluster: Grafana's nginx sidecar adds it on /gateway-proxy/admin/.
		assertThat(generated.value("observability", "grafana-gateway-admin", "admin-api-key")).isEqualTo(admin);
		assertThat(generated.values.entrySet().stream().filter((entry) -> entry.getValue().contains(admin)).map(
				Map.Entry::getKey)).containsExactly("observability/grafana-gateway-admin/admin-api-key");
	}

	@org.junit.jupiter.api.Test
	void severalGatewayReplicasShareTheirQuotasThroughARenderedRedis() {
		for (String overlay : OVERLAYS) {
			int maxReplicas = Manifests.all(overlay, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)
				.stream()
				.filter((hpa) -> hpa.getSpec().getScaleTargetRef().getName().equals("gateway"))
				.mapToInt((hpa) -> hpa.getSpec().getMaxReplicas())
				.max()
				.orElse(1);
			Container gateway = Manifests.workloads(overlay)
				.stream()
				.filter((w) -> w.object().getMetadata().getName().equals("gateway"))
				.findFirst()
				.orElseThrow()
				.template()
				.getSpec()
				.getContainers()
				.get(0);
			Map<String, EnvVar> env = new HashMap<>();
			gateway.getEnv().forEach((e) -> env.put(e.getName(), e));
			if (maxReplicas > 1) {
				assertThat(env.get("PLATFORM_GATEWAY_QUOTA_STORE")).as(overlay + ": quota store").isNotNull();
				assertThat(env.get("PLATFORM_GATEWAY_QUOTA_STORE").getValue()).isEqualTo("redis");
				String host = env.get("SPRING_DATA_REDIS_HOST").getValue();
				int port = Integer.parseInt(env.get("SPRING_DATA_REDIS_PORT").getValue());
				assertThat(Manifests.serviceExists(overlay, host, port)).as(overlay + ": " + host + ":" + port + " rendered")
					.isTrue();
			}
			else {
				assertThat(env).as(overlay + ": one replica keeps its quotas in memory")
					.doesNotContainKey("PLATFORM_GATEWAY_QUOTA_STORE");
			}
		}
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One dry run of the script: the Secrets it would apply (stderr) and the keys it prints (stdout). */
	record Generated(Map<String, String> values, Map<String, String> printed, String manifests) {

		static Generated run() {
			Manifests.requireTool("kubectl", "the script renders the Secrets with kubectl create secret --dry-run");
			java.nio.file.Path script = Manifests.moduleDir().resolve("create-secrets.sh");
			// One run: its manifests (stderr) and its keys (stdout) belong together.
			String once = Manifests.run(Manifests.moduleDir(),
					List.of("bash", "-c", "bash " + script + " --dry-run 2>&1"));
			Map<String, String> values = new HashMap<>();
			Map<String, String> printed = new HashMap<>();
			StringBuilder manifests = new StringBuilder();
			for (String line : once.split("\n")) {
				if (line.matches("[A-Z]+_API_KEY=.*")) {
					printed.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
				}
				else if (!line.startsWith("#")) {
					manifests.append(line).append('\n');
				}
			}
			for (String document : manifests.toString().split("(?m)^---$")) {
				if (document.isBlank()) {
					continue;
				}
				JsonNode secret = Manifests.yaml(document);
				String prefix = secret.at("/metadata/namespace").asText() + "/" + secret.at("/metadata/name").asText() + "/";
				secret.path("data").fields().forEachRemaining((entry) -> values.put(prefix + entry.getKey(),
						new String(Base64.getDecoder().decode(entry.getValue().asText()), StandardCharsets.UTF_8)));
			}
			return new Generated(values, printed, manifests.toString());
		}

		String value(String namespace, String name, String key) {
			return this.values.get(namespace + "/" + name + "/" + key);
		}

	}

}
