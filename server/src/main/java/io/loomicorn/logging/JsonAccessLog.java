package io.loomicorn.logging;

import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

import java.nio.charset.StandardCharsets;

/**
 * The JSON access log ({@code access_log_json}): one JSON object per line, written by
 * log4j's JSON Template Layout from the fields of an {@link AccessLogMessage}.
 *
 * <pre>
 * {"time":"2026-11-24T22:29:32.123Z","bytes":13,"duration_us":412,"method":"GET","path":"/",
 *  "pid":1234,"protocol":"HTTP/1.1","query":"a=1","remote_addr":"127.0.0.1",
 *  "request":"GET /?a=1 HTTP/1.1","status":200,"user_agent":"curl/8.5.0"}
 * </pre>
 * The fields follow the time in alphabetical order (the map message keeps them sorted).
 * Numbers are JSON numbers; a field whose atom would print {@code -} is left out. For other
 * fields or names, a {@code logconfig} can use the same layout with its own template: see
 * {@code docs/logging.md}.
 */
public final class JsonAccessLog {

    /** The event template: the event's time, then every field of the access message. */
    public static final String TEMPLATE = """
            {
              "time": {"$resolver": "timestamp", "pattern": {"format": "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}},
              "fields": {"$resolver": "map", "flatten": true}
            }
            """;

    private JsonAccessLog() {
    }

    /**
     * Creates the layout.
     *
     * @param configuration the configuration it belongs to
     * @return a layout that writes one JSON object and a line end per event
     */
    static JsonTemplateLayout layout(Configuration configuration) {
        return JsonTemplateLayout.newBuilder()
                .setConfiguration(configuration)
                .setCharset(StandardCharsets.UTF_8)
                .setEventTemplate(TEMPLATE)
                .setEventDelimiter("\n")
                .setStackTraceEnabled(false)
                .setLocationInfoEnabled(false)
                .build();
    }
}
