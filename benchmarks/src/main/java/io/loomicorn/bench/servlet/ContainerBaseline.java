package io.loomicorn.bench.servlet;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.nio.file.Files;

/**
 * Embedded Jetty 12.1 (EE 11) or Tomcat 11 serving {@link BenchApp}, each in its own JVM with
 * its default thread pool: the baselines of the servlet benchmark. Prints
 * {@code Listening at: http://127.0.0.1:PORT} once it serves.
 */
public final class ContainerBaseline {

    private ContainerBaseline() {
    }

    /**
     * Starts a container.
     *
     * @param args {@code jetty} or {@code tomcat}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = switch (args[0]) {
            case "jetty" -> jetty();
            case "tomcat" -> tomcat();
            default -> throw new IllegalArgumentException("jetty or tomcat: " + args[0]);
        };
        System.out.println("Listening at: http://127.0.0.1:" + port + " (" + ProcessHandle.current().pid() + ")");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static int jetty() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(new BenchApp());
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    private static int tomcat() throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("loomicorn-bench-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new BenchApp(), null);
        tomcat.start();
        return connector.getLocalPort();
    }
}
