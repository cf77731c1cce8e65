package io.llmplatform.team.quant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * team-quant: serves its quantized SageMaker endpoint and shadow-compares a sample of the
 * answers against the vLLM baseline, off the response path.
 */
@SpringBootApplication
@EnableConfigurationProperties(ShadowProperties.class)
public class QuantApplication {

	public static void main(String[] args) {
		SpringApplication.run(QuantApplication.class, args);
	}

}
