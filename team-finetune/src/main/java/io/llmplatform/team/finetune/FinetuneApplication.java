package io.llmplatform.team.finetune;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * team-finetune: serves its fine-tuned SageMaker endpoint and falls back to the vLLM
 * baseline when the endpoint fails or times out.
 */
@SpringBootApplication
@EnableConfigurationProperties(FallbackProperties.class)
public class FinetuneApplication {

	public static void main(String[] args) {
		SpringApplication.run(FinetuneApplication.class, args);
	}

}
