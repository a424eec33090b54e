package io.loomicorn.logging;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sends log events to syslog in gunicorn's shape:
 *
 * <pre>
 * &lt;PRI&gt;loomicorn.&lt;prefix&gt;.&lt;error|access&gt;: [&lt;pid&gt;] &lt;message&gt;
 * </pre>
 * where PRI is {@code facility * 8 + severity}, the part before the colon is the
 * program name ("tag") that syslog daemons file messages under, and the prefix is
 * {@code syslog_prefix}, else the process name. Like Python's SysLogHandler, there is no
 * timestamp or host name: the daemon adds its own. An exception's stack trace follows
 * the message in the same datagram.
 */
final class SyslogTarget extends AbstractAppender {

    private final SyslogTransport transport;
    private final int facility;
    private final String header;

    /**
     * Creates the appender.
     *
     * @param name      the appender's name
     * @param transport where messages go
     * @param facility  the facility code
     * @param tag       e.g. {@code loomicorn.myapp.error}
     * @param pid       this process
     */
    SyslogTarget(String name, SyslogTransport transport, int facility, String tag, long pid) {
        super(name, null, null, true, Property.EMPTY_ARRAY);
        this.transport = transport;
        this.facility = facility;
        this.header = tag + ": [" + pid + "] ";
    }

    /**
     * Returns the program name of a process's syslog lines.
     *
     * @param prefix {@code syslog_prefix}, or the process name
     * @param log    {@code error} or {@code access}
     * @return e.g. {@code loomicorn.myapp.error}; colons (from {@code CLASS:MEMBER}
     *         application names) become dots, as in gunicorn
     */
    static String tag(String prefix, String log) {
        return "loomicorn." + prefix.replace(':', '.') + "." + log;
    }

    /**
     * Formats one message.
     *
     * @param event the event
     * @return {@code <PRI>tag: [pid] message}
     */
    String format(LogEvent event) {
        int pri = facility * 8 + LogLevels.syslogSeverity(event.getLevel());
        StringBuilder sb = new StringBuilder(header.length() + 128);
        sb.append('<').append(pri).append('>').append(header);
        sb.append(event.getMessage().getFormattedMessage());
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            sb.append('\n').append(trace.toString().stripTrailing());
        }
        return sb.toString();
    }

    @Override
    public void append(LogEvent event) {
        try {
            transport.send(format(event).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            error("Cannot send to syslog: " + e.getMessage());
        }
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        transport.close();
        setStopped();
        return true;
    }
}
