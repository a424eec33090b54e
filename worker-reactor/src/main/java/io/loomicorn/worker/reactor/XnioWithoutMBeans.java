package io.loomicorn.worker.reactor;

import org.xnio.Xnio;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Starts XNIO's NIO provider without its MXBeans.
 *
 * <p>XNIO registers an MXBean for its provider and for each worker with the platform MBean
 * server, and the first registration builds that server with every platform MXBean of the
 * JDK: about 470 classes and 140-200 ms of a reactor worker's boot CPU, for beans nobody
 * reads (a worker's figures reach the master's metrics; XNIO's are the I/O thread count and
 * connection counts). XNIO skips a registration that fails, so while its provider starts,
 * the JDK's MBean server builder property names {@link Refusal}, the one MBean server build
 * in that moment fails, and XNIO's holder of the server stays empty. The property is cleared
 * again at once: the application's own {@code ManagementFactory.getPlatformMBeanServer()}
 * builds the server as usual. When the platform server exists already, or the property is
 * set for the JVM ({@code -Djavax.management.builder.initial=...}), nothing changes and XNIO
 * registers its MXBeans.
 */
final class XnioWithoutMBeans {

    /** The JDK's property naming the class that builds MBean servers. */
    static final String BUILDER_PROPERTY = "javax.management.builder.initial";

    private XnioWithoutMBeans() {
    }

    /**
     * XNIO's NIO provider, loaded from {@code loader}, with its MXBean registrations skipped
     * (see the class comment).
     *
     * @param loader the class loader that finds XNIO's provider
     * @return the provider
     */
    static Xnio nio(ClassLoader loader) {
        if (System.getProperty(BUILDER_PROPERTY) != null) {
            return Xnio.getInstance("nio", loader);
        }
        System.setProperty(BUILDER_PROPERTY, Refusal.class.getName());
        try {
            return Xnio.getInstance("nio", loader);
        } finally {
            System.clearProperty(BUILDER_PROPERTY);
        }
    }

    /** An MBean server builder that refuses to build: the JDK names it in the failure. */
    public static final class Refusal extends MBeanServerBuilder {

        /** Public, as the JDK instantiates builders by reflection. */
        public Refusal() {
        }

        @Override
        public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
            throw new UnsupportedOperationException("Loomicorn's reactor worker starts XNIO without its MXBeans");
        }
    }
}
