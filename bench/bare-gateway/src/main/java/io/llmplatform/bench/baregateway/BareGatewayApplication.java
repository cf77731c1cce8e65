package io.llmplatform.bench.baregateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: the one route of {@code application.yaml} and nothing else.
 * bench/ measures our gateway against it, in the same run, on the same backend.
 */
@SpringBootApplication
public class BareGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareGatewayApplication.class, args);
	}

}
