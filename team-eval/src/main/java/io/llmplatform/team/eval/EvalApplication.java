package io.llmplatform.team.eval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * team-eval: LLM-as-judge. The baseline answers, the judge endpoint scores the answer
 * against a rubric.
 */
@SpringBootApplication
@EnableConfigurationProperties(JudgeProperties.class)
public class EvalApplication {

	public static void main(String[] args) {
		SpringApplication.run(EvalApplication.class, args);
	}

}
