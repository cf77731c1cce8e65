package io.llmplatform.sagemaker;

import java.util.ArrayList;
import java.util.List;

import io.llmplatform.telemetry.test.OtlpReceiver;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A non-web application with only auto-configuration: the invoker and the telemetry starter,
 * talking to the simulator and exporting to a receiver.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class InvokerTestApplication {

	static ConfigurableApplicationContext start(TestSimulator simulator, OtlpReceiver receiver, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=sagemaker-invoker-test",
				"--spring.main.banner-mode=off", "--platform.telemetry.team=quant",
				"--platform.telemetry.environment=test", "--platform.telemetry.otlp.endpoint=" + receiver.endpoint(),
				"--platform.telemetry.metrics.step=1s",
				"--otel.bsp.schedule.delay=100",
				"--platform.sagemaker.endpoint-override=" + simulator.baseUrl(),
				"--platform.sagemaker.credentials.access-key-id=test",
				"--platform.sagemaker.credentials.secret-access-key=test",
				"--platform.sagemaker.api-call-timeout=1500ms",
				"--platform.sagemaker.endpoints.quant-endpoint.model=llama-3-8b-awq",
				"--platform.sagemaker.endpoints.quant-endpoint.model-version=v3",
				"--platform.sagemaker.endpoints.finetune-endpoint.model=llama-3-8b-ft",
				"--platform.sagemaker.endpoints.finetune-endpoint.model-version=ft-2"));
		args.addAll(List.of(extraArgs));
		return new SpringApplicationBuilder(InvokerTestApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

}
