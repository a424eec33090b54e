package io.loomicorn.worker.reactor;

import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioWorker;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * A JVM's main for {@link XnioWithoutMBeansTest}: starts an XNIO worker as a reactor worker
 * does ({@code quiet}) or as XNIO does by itself, then prints whether the platform MBean
 * builder property left behind, the XNIO MXBeans the platform MBean server holds, and
 * whether it holds the JDK's own.
 */
public final class XnioStart {

    private XnioStart() {
    }

    /**
     * Prints {@code property}, {@code xnio-beans} and {@code runtime-bean} lines.
     *
     * @param args {@code quiet} or {@code plain}
     * @throws Exception if XNIO or JMX fail
     */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = XnioStart.class.getClassLoader();
        org.xnio.Xnio xnio = args[0].equals("quiet") ? XnioWithoutMBeans.nio(loader) : org.xnio.Xnio.getInstance("nio", loader);
        XnioWorker worker = xnio.createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        System.out.println("property " + System.getProperty(XnioWithoutMBeans.BUILDER_PROPERTY));
        System.out.println("xnio-beans " + ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("org.xnio:*"), null).size());
        System.out.println("runtime-bean " + ManagementFactory.getPlatformMBeanServer()
                .isRegistered(new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME)));
        worker.shutdownNow();
    }
}
