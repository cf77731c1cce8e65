package io.llmplatform.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Local stand-in for SageMaker Runtime endpoints and a vLLM OpenAI-compatible server, on one port.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelSimulatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(ModelSimulatorApplication.class, args);
	}

}
