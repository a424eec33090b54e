package io.loomicorn.springboot.web;

import io.loomicorn.servlet.context.AppContext;
import io.loomicorn.servlet.context.ErrorPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionCookieConfig;
import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletContextInitializers;
import org.springframework.boot.web.server.servlet.ServletWebServerSettings;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Boot's {@code ServletWebServerFactory} inside a Loomicorn worker. Its web server runs Boot's
 * {@link ServletContextInitializer}s (the dispatcher servlet, the filters of Spring Security and
 * of Boot, listeners) against the worker's servlet context, then starts that context, as
 * Tomcat's factory does with its own; start and stop are left to Loomicorn, which owns the
 * sockets and the process ({@link LoomicornWebServer}).
 *
 * <p>Boot's {@code server.*} properties arrive through the setters, as for any factory;
 * {@link ServerPropertiesCheck} decides what they mean here: those that agree with Loomicorn's
 * settings or that the servlet container applies (session timeout and cookie, context
 * parameters, error pages, web listeners) are taken, and those that contradict Loomicorn's
 * settings stop the start in one line. Loomicorn's settings always win.
 */
public final class LoomicornServletWebServerFactory extends AbstractConfigurableWebServerFactory
        implements ConfigurableServletWebServerFactory, EnvironmentAware {

    private final ServletWebServerSettings settings = new ServletWebServerSettings();
    private Integer explicitPort;
    private InetAddress explicitAddress;
    private Environment environment;

    /** Creates the factory; Boot's auto-configuration does. */
    public LoomicornServletWebServerFactory() {
    }

    @Override
    public ServletWebServerSettings getSettings() {
        return settings;
    }

    @Override
    public void setPort(int port) {
        super.setPort(port);
        explicitPort = port;
    }

    @Override
    public void setAddress(InetAddress address) {
        super.setAddress(address);
        explicitAddress = address;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** The port that {@code server.port} set, or null. */
    Integer explicitPort() {
        return explicitPort;
    }

    /** The address that {@code server.address} set, or null. */
    InetAddress explicitAddress() {
        return explicitAddress;
    }

    @Override
    public WebServer getWebServer(ServletContextInitializer... initializers) {
        WorkerServletContext.Offer offer = WorkerServletContext.take();
        if (offer == null) {
            throw new WebServerException("Loomicorn's web server runs only in a Loomicorn worker, and only one per "
                    + "application (a management server on its own port is not supported): start the application "
                    + "with loomicorn --classpath 'lib/*' " + "<its @SpringBootApplication class> (docs/spring.md)",
                    null);
        }
        AppContext context = offer.context();
        ServerPropertiesCheck check = new ServerPropertiesCheck(this, offer.settings(), environment);
        List<String> refused = check.refusals();
        if (!refused.isEmpty()) {
            throw new WebServerException(String.join("; ", refused), null);
        }
        check.unusedProperties().ifPresent(line -> context.facts().log().log(System.Logger.Level.WARNING, line));
        configure(context);
        try {
            for (ServletContextInitializer initializer : ServletContextInitializers.from(settings, initializers)) {
                initializer.onStartup(context);
            }
            context.initializersDone();
            context.start();
        } catch (ServletException | RuntimeException e) {
            context.stop();
            throw new WebServerException("Starting the servlet context failed: " + e.getMessage(), e);
        }
        return new LoomicornWebServer(ListenAddresses.parse(bindOf(offer)).firstPort());
    }

    @SuppressWarnings("unchecked")
    private static List<String> bindOf(WorkerServletContext.Offer offer) {
        return offer.settings().names().contains("bind") ? (List<String>) offer.settings().value("bind") : List.of();
    }

    /** What the servlet container applies of Boot's settings. */
    private void configure(AppContext context) {
        settings.getInitParameters().forEach(context::setInitParameter);
        Session session = settings.getSession();
        if (session != null) {
            Duration timeout = session.getTimeout();
            if (timeout != null) {
                // Servlet 6.1 §7.5: minutes, rounded up; 0 or less never expires.
                long minutes = timeout.isZero() || timeout.isNegative() ? 0 : (timeout.toSeconds() + 59) / 60;
                context.setSessionTimeout((int) Math.min(Integer.MAX_VALUE, minutes));
            }
            cookie(session.getCookie(), context.getSessionCookieConfig());
        }
        ErrorPages pages = ErrorPages.of(context);
        for (ErrorPage page : getErrorPages()) {
            if (page.isGlobal()) {
                pages.setDefault(page.getPath());
            } else if (page.getException() != null) {
                pages.add(page.getException(), page.getPath());
            } else {
                pages.add(page.getStatusCode(), page.getPath());
            }
        }
        for (String listener : settings.getWebListenerClassNames()) {
            context.addListener(listener);
        }
    }

    private static void cookie(Cookie cookie, SessionCookieConfig config) {
        if (cookie == null) {
            return;
        }
        if (cookie.getName() != null) {
            config.setName(cookie.getName());
        }
        if (cookie.getDomain() != null) {
            config.setDomain(cookie.getDomain());
        }
        if (cookie.getPath() != null) {
            config.setPath(cookie.getPath());
        }
        if (cookie.getHttpOnly() != null) {
            config.setHttpOnly(cookie.getHttpOnly());
        }
        if (cookie.getSecure() != null) {
            config.setSecure(cookie.getSecure());
        }
        if (cookie.getMaxAge() != null) {
            config.setMaxAge((int) cookie.getMaxAge().toSeconds());
        }
        if (cookie.getSameSite() != null) {
            config.setAttribute("SameSite", cookie.getSameSite().attributeValue());
        }
        if (Boolean.TRUE.equals(cookie.getPartitioned())) {
            config.setAttribute("Partitioned", "");
        }
    }
}
