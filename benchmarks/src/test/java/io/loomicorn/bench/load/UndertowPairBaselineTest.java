package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts {@link UndertowPairBaseline} for real: two Undertow JVMs under a parent on one port,
 * each answering, and both gone once the parent is stopped.
 */
class UndertowPairBaselineTest {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://[^\\s]*:(\\d+)");

    @Test
    void twoChildJvmsServeOnePortAndEndWithTheParent() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                UndertowPairBaseline.class.getName(), "127.0.0.1", "2").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            int childLines = 0;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                } else if (line.contains("child serving: ")) {
                    childLines++;
                }
            }
            assertThat(port).as("the parent's Listening at line").isPositive();
            assertThat(childLines).as("both children listened before the parent said so").isEqualTo(2);
            List<ProcessHandle> children = parent.toHandle().children().toList();
            assertThat(children).hasSize(2);
            for (int i = 0; i < 8; i++) {
                assertThat(get(port, "/bytes?n=10")).endsWith("\r\n\r\nabcdefghij");
            }
            parent.destroy();
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle c : children) {
                c.onExit().get(30, TimeUnit.SECONDS);
                assertThat(c.isAlive()).isFalse();
            }
        } finally {
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    /** One request on a new connection; returns the whole response. */
    private static String get(int port, String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream o = s.getOutputStream();
            o.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
