package io.loomicorn.e2e;

import io.loomicorn.app.App;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * A test application that, like many real ones, takes over log4j when it loads: it
 * initialises and then reconfigures log4j with its own configuration (a file named by the
 * environment variable {@code APP_LOG}), and turns every other logger off, the servers'
 * included, as gunicorn's {@code dictConfig(disable_existing_loggers=True)} does.
 *
 * <p>{@code /} answers {@code ok} and logs through the application's own logger;
 * {@code /boom} throws, so the server logs an error.
 */
public final class Log4jReconfiguringApp {

    private Log4jReconfiguringApp() {
    }

    /** The application. */
    public static final App APP = create();

    private static App create() {
        String file = System.getenv("APP_LOG");
        Configurator.initialize(configuration(file));
        Configurator.reconfigure(configuration(file));
        Configurator.setLevel("loomicorn", Level.OFF);
        Configurator.setLevel("loomicorn.error", Level.OFF);
        Configurator.setLevel("loomicorn.access", Level.OFF);
        Logger log = LogManager.getLogger("com.acme.app");
        Configurator.setLevel("com.acme.app", Level.INFO);
        log.info("application configured log4j");
        return (request, response) -> {
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("boom from the application");
            }
            log.info("handled {}", request.path());
            response.send("ok");
        };
    }

    private static BuiltConfiguration configuration(String file) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("application");
        b.add(b.newAppender("app", "File").addAttribute("fileName", file)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "APP %p %c %m%n")));
        b.add(b.newRootLogger(Level.OFF).add(b.newAppenderRef("app")));
        return b.build();
    }
}
