package io.loomicorn.servlet.multipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming multipart parser, whatever the split of the body into reads. */
class MultipartParserTest {

    private static final String B = "xyzBOUNDARYxyz";

    private static String body(String fileContent) {
        return "preamble to ignore\r\n"
                + "--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
                + "value with --" + B.substring(0, 5) + " inside\r\n"
                + "--" + B + "  \r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\dir\\a \\\"b\\\".txt\"\r\n"
                + "Content-Type: text/plain\r\n"
                + "X-Folded: one\r\n two\r\n\r\n"
                + fileContent + "\r\n"
                + "--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"utf\"; filename*=UTF-8''%E2%9C%93.bin\r\n\r\n"
                + "\r\n"
                + "--" + B + "--\r\nepilogue";
    }

    /** Returns at most {@code max} bytes per read, at random. */
    private static InputStream chopped(byte[] data, long seed, int max) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
            }
        };
    }

    private static List<MultipartPart> parse(InputStream in, long maxFile, long maxRequest, long threshold, Path dir)
            throws IOException {
        return new MultipartParser(in, B, new MultipartParser.Limits(maxFile, maxRequest, threshold, dir)).parse();
    }

    @Test
    void partsAreTheSameWhateverTheReadSizes(@TempDir Path dir) throws IOException {
        String content = "0123456789".repeat(3_000) + "\r\n--" + B.substring(0, 8) + "-";
        byte[] data = body(content).getBytes(StandardCharsets.ISO_8859_1);
        for (int max : new int[] {1, 3, 17, 1000, 70_000}) {
            for (long seed = 0; seed < 3; seed++) {
                List<MultipartPart> parts = parse(chopped(data, seed, max), -1, -1, 1024, dir);
                assertThat(parts).extracting(MultipartPart::getName).containsExactly("field", "file", "utf");
                assertThat(parts.get(0).text(StandardCharsets.UTF_8)).isEqualTo("value with --" + B.substring(0, 5) + " inside");
                MultipartPart file = parts.get(1);
                assertThat(file.getSubmittedFileName()).isEqualTo("C:\\dir\\a \"b\".txt");
                assertThat(file.getContentType()).isEqualTo("text/plain");
                assertThat(file.getHeader("x-folded")).isEqualTo("one two");
                assertThat(file.getSize()).isEqualTo(content.length());
                try (InputStream in = file.getInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(content);
                }
                assertThat(parts.get(2).getSubmittedFileName()).isEqualTo("\u2713.bin");
                assertThat(parts.get(2).getSize()).isZero();
                for (MultipartPart p : parts) {
                    p.delete();
                }
                try (Stream<Path> left = Files.list(dir)) {
                    assertThat(left).as("temporary files are deleted").isEmpty();
                }
            }
        }
    }

    @Test
    void aPartOverTheThresholdGoesToAFile(@TempDir Path dir) throws IOException {
        List<MultipartPart> parts = parse(new ByteArrayInputStream(body("x".repeat(5000)).getBytes(StandardCharsets.ISO_8859_1)),
                -1, -1, 4096, dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).hasSize(1);
        }
        parts.get(1).write("kept.txt");
        assertThat(Files.readString(dir.resolve("kept.txt"))).hasSize(5000);
        parts.get(1).delete();
        assertThat(dir.resolve("kept.txt")).exists();
    }

    @Test
    void limitsAre413(@TempDir Path dir) {
        byte[] data = body("y".repeat(3000)).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(new ByteArrayInputStream(data), 2000, -1, 0, dir))
                .isInstanceOf(MultipartException.class).hasMessageContaining("maxFileSize 2000")
                .satisfies(e -> assertThat(((MultipartException) e).status()).isEqualTo(413));
        assertThatThrownBy(() -> parse(new ByteArrayInputStream(data), -1, 2500, 0, dir))
                .isInstanceOf(MultipartException.class).hasMessageContaining("maxRequestSize 2500");
    }

    @Test
    void malformedBodiesAre400(@TempDir Path dir) {
        String[] bad = {
                "no delimiter at all",
                "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever ends",
                "--" + B + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + B + "--",
                "--" + B + "\r\nno colon here\r\n\r\nx\r\n--" + B + "--",
                "--" + B + "garbage\r\n",
                "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + "X: y\r\n".repeat(5000),
        };
        for (String b : bad) {
            assertThatThrownBy(() -> parse(new ByteArrayInputStream(b.getBytes(StandardCharsets.ISO_8859_1)), -1, -1, 0, dir))
                    .as(b.substring(0, Math.min(40, b.length())))
                    .isInstanceOf(MultipartException.class)
                    .satisfies(e -> assertThat(((MultipartException) e).status()).isEqualTo(400));
        }
    }
}
