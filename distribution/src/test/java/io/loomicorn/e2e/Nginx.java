package io.loomicorn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's nginx as the end-to-end tests run it: in the foreground, with a main context of
 * its own that keeps every file nginx writes (pid, logs, temporary bodies) in the test's
 * directory, around the {@code http}-level blocks the test brings (usually the ones
 * docs/operations.md documents). Stopped by the test through its {@link Process} (its pid).
 */
final class Nginx {

    private Nginx() {
    }

    /**
     * Writes {@code nginx.conf} into {@code dir} and starts nginx on it; its output goes to
     * {@code nginx.out} there.
     *
     * @param binary            the nginx program ({@link Programs#find})
     * @param dir               the test's directory
     * @param workerConnections nginx's {@code worker_connections}
     * @param http              the blocks inside {@code http { }}: upstreams and servers
     * @return nginx's master process
     * @throws IOException if the file cannot be written or nginx cannot start
     */
    static Process start(String binary, Path dir, int workerConnections, String http) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, workerConnections, http));
        return new ProcessBuilder(binary, "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    }

    private static String configuration(Path dir, int workerConnections, String http) {
        return """
                worker_processes 1;
                daemon off;
                master_process on;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections %2$d; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %3$s
                }
                """.formatted(dir, workerConnections, http);
    }
}
