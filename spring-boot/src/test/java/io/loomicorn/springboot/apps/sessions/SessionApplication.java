package io.loomicorn.springboot.apps.sessions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;

/**
 * A Boot application that keeps its HTTP sessions in a database with Spring Session JDBC, so
 * that every worker sees them: the database URL comes from {@code SPRING_DATASOURCE_URL}.
 */
@SpringBootApplication
@PropertySource("classpath:io/loomicorn/springboot/apps/sessions/application.properties")
public class SessionApplication {

    /**
     * Starts the application.
     *
     * @param args Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SessionApplication.class, args);
    }
}
