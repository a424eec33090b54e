package io.loomicorn.springboot.apps.reload;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the reload test: the test compiles new versions of
 * {@link VersionController} while Loomicorn serves this one, and one that fails to start.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration"})
public class ReloadApplication {

    /**
     * Starts the application.
     *
     * @param args Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(ReloadApplication.class, args);
    }
}
