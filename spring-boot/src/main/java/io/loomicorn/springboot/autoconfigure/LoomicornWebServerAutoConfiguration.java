package io.loomicorn.springboot.autoconfigure;

import io.loomicorn.servlet.ServletApp;
import io.loomicorn.springboot.web.LoomicornServletWebServerFactory;
import jakarta.servlet.ServletRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.servlet.ServletWebServerConfiguration;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Makes Loomicorn the servlet web server of a Boot application that has
 * {@code loomicorn-spring-boot} in place of {@code spring-boot-starter-tomcat}, when
 * Loomicorn's servlet container is on the class path (in a Loomicorn worker it always is).
 * It runs before Boot's Tomcat and Jetty configurations, so that one left on the class path by
 * mistake does not open a port of its own in every worker; Boot's generic servlet web server
 * configuration (the {@code server.*} customizer, the forwarded-header filter) is imported as
 * those do.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"})
@ConditionalOnClass({ServletRequest.class, ServletApp.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServerProperties.class)
@Import(ServletWebServerConfiguration.class)
public class LoomicornWebServerAutoConfiguration {

    /** Created by Boot. */
    public LoomicornWebServerAutoConfiguration() {
    }

    /**
     * The web server factory.
     *
     * @return Loomicorn's factory
     */
    @Bean
    @ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
    public LoomicornServletWebServerFactory loomicornServletWebServerFactory() {
        return new LoomicornServletWebServerFactory();
    }
}
