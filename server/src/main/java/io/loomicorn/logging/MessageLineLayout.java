package io.loomicorn.logging;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;

import java.nio.charset.StandardCharsets;

/**
 * The text access log's layout: the message (the {@code access_log_format} line) and a
 * line end, in UTF-8. {@link LineAppender} recognises it and copies the message's bytes
 * straight into its buffer, which spares the copies a general pattern layout makes on
 * the request path.
 */
final class MessageLineLayout extends AbstractStringLayout {

    /** The one instance. */
    static final MessageLineLayout INSTANCE = new MessageLineLayout();

    private MessageLineLayout() {
        super(StandardCharsets.UTF_8);
    }

    /** Returns the message's bytes, without the line end. */
    static byte[] messageBytes(LogEvent event) {
        return event.getMessage().getFormattedMessage().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toSerializable(LogEvent event) {
        return event.getMessage().getFormattedMessage() + "\n";
    }
}
