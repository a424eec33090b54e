package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several writers, each with its own open file (as the master and each worker have), append
 * to one file at once; no line may be torn or lost. Lines up to 20 KB cross every buffer
 * boundary: the 4 KB of a pipe, the 8 KB of a typical stdio buffer, and the appender's
 * own batch limit when many go together.
 */
class ConcurrentAppendTest {

    private static final int WRITERS = 6;
    private static final int LINES = 3000;
    private static final Pattern LINE = Pattern.compile("W(\\d+) (\\d+) (\\d+) (x*)");

    @Test
    void linesOfConcurrentWritersNeverInterleave(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.log");
        PatternLayout layout = PatternLayout.newBuilder().setPattern("%m%n").build();
        List<LineAppender> appenders = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            LogFile target = new LogFile(file);
            // Each line at once (the error log), or in batches (the access log, with its own layout).
            LineAppender a = switch (w % 3) {
                case 0 -> LineAppender.immediate("w" + w, layout, target);
                case 1 -> LineAppender.batched("w" + w, layout, target);
                default -> LineAppender.batched("w" + w, MessageLineLayout.INSTANCE, target);
            };
            a.start();
            appenders.add(a);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                Random random = new Random(writer);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < LINES; i++) {
                    int fill = random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(300);
                    String text = "W" + writer + " " + i + " " + fill + " " + "x".repeat(fill);
                    appenders.get(writer).append(event(text));
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        appenders.forEach(LineAppender::stop);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(WRITERS * LINES);
        Map<Integer, Integer> next = new HashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("an intact line, not %.80s...", line).isTrue();
            int writer = Integer.parseInt(m.group(1));
            int seq = Integer.parseInt(m.group(2));
            assertThat(m.group(4)).hasSize(Integer.parseInt(m.group(3)));
            // Each writer's lines arrive complete and in its own order.
            assertThat(seq).isEqualTo(next.getOrDefault(writer, 0));
            next.put(writer, seq + 1);
        }
    }

    private static LogEvent event(String text) {
        return Log4jLogEvent.newBuilder().setLevel(Level.INFO).setMessage(new SimpleMessage(text)).build();
    }
}
