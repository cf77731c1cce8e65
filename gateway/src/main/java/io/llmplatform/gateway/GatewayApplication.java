package io.llmplatform.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The platform's front door: {@code POST /api/{team}/predict} proxied to the team's service,
 * errors as RFC 9457 problem details, one SERVER and one CLIENT span per proxied request.
 */
@SpringBootApplication
@EnableConfigurationProperties(PlatformGatewayProperties.class)
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
