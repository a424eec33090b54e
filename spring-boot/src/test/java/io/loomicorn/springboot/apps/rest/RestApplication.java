package io.loomicorn.springboot.apps.rest;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/**
 * The Boot 4 REST application of the end-to-end tests and of the {@code spring} benchmark,
 * built into its own jar and served unchanged by Loomicorn, Tomcat and Jetty: JSON in and out,
 * bean validation, an exception handler, Boot's {@code /error}, static resources, actuator's
 * health, {@code DeferredResult}, Server-Sent Events, a multipart upload and HTTP Basic on
 * {@code /api/secure/**}.
 */
@SpringBootApplication
@PropertySource("classpath:io/loomicorn/springboot/apps/rest/application.properties")
public class RestApplication {

    /**
     * Starts the application, as {@code java -cp ... RestApplication} does with Boot's own server.
     *
     * @param args Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(RestApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.run(args);
    }
}
