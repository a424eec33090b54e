package io.loomicorn.config;

import static io.loomicorn.config.Loading.config;
import static io.loomicorn.config.Loading.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validator, on its happy and its bad paths, through the command line. */
class ValidationTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                // setting, flag as used, value, the flag named in the message, allowed (start of)
                bad("backlog", "--backlog", "0", "--backlog", "expected an integer >= 1"),
                bad("backlog", "--backlog", "x", "--backlog", "expected an integer >= 1"),
                bad("threads", "--threads", "0", "--threads", "expected an integer >= 1"),
                bad("worker_connections", "--worker-connections", "0", "--worker-connections", "expected an integer >= 1"),
                bad("max_requests", "--max-requests", "-1", "--max-requests", "expected an integer >= 0"),
                bad("max_requests", "--max-requests", "1.5", "--max-requests", "expected an integer >= 0"),
                bad("max_requests", "--max-requests", "99999999999", "--max-requests", "expected an integer >= 0"),
                bad("max_requests_jitter", "--max-requests-jitter", "-3", "--max-requests-jitter", "expected an integer >= 0"),
                bad("timeout", "-t", "-1", "--timeout", "expected an integer >= 0"),
                bad("graceful_timeout", "--graceful-timeout", "-1", "--graceful-timeout", "expected an integer >= 0"),
                bad("keepalive", "--keep-alive", "-1", "--keep-alive", "expected an integer >= 0"),
                bad("header_timeout", "--header-timeout", "0", "--header-timeout", "expected an integer >= 1"),
                bad("limit_request_line", "--limit-request-line", "-1", "--limit-request-line", "expected an integer >= 0"),
                bad("limit_request_fields", "--limit-request-fields", "32769", "--limit-request-fields",
                        "expected an integer from 0 to 32768"),
                bad("limit_request_field_size", "--limit-request-field_size", "-1", "--limit-request-field-size",
                        "expected an integer >= 0"),
                bad("limit_request_body", "--limit-request-body", "-1", "--limit-request-body", "expected an integer >= 0"),
                bad("limit_request_body", "--limit-request-body", "10GB", "--limit-request-body", "expected an integer >= 0"),
                bad("workers", "-w", "-1", "--workers", "expected an integer >= 0 or a CPU expression"),
                bad("workers", "-w", "many", "--workers", "expected an integer >= 0 or a CPU expression"),
                bad("workers", "-w", "2*cpu/0", "--workers", "division by zero in the CPU expression"),
                bad("workers", "-w", "cpu+", "--workers", "the CPU expression ends too early"),
                bad("umask", "-m", "0999", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "01000", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "512", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "0o8", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "0x", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "0x-1", "--umask", "expected a mask from 0 to 0777"),
                bad("umask", "-m", "-1", "--umask", "expected a mask from 0 to 0777"),
                bad("header_map", "--header-map", "keep", "--header-map", "expected one of drop, refuse, dangerous"),
                bad("loglevel", "--log-level", "verbose", "--log-level",
                        "expected one of debug, info, warning, error, critical"),
                bad("loglevel", "--log-level", "warn", "--log-level",
                        "expected one of debug, info, warning, error, critical"),
                bad("syslog_facility", "--log-syslog-facility", "local8", "--log-syslog-facility", "expected one of auth,"),
                bad("bind", "-b", "host:65536", "--bind", "expected HOST, HOST:PORT, [IPv6]:PORT"),
                bad("bind", "-b", "::1", "--bind", "write an IPv6 address in brackets"),
                bad("bind", "-b", "unix:", "--bind", "expected a socket path after unix:"),
                bad("bind", "-b", "fd://x", "--bind", "expected fd://N"),
                bad("bind", "--bind", "tcp://h:99999", "--bind", "expected HOST, HOST:PORT"),
                bad("syslog_addr", "--log-syslog-to", "http://x:1", "--log-syslog-to", "expected udp://HOST:PORT"),
                bad("syslog_addr", "--log-syslog-to", "udp://host", "--log-syslog-to", "expected udp://HOST:PORT"),
                bad("syslog_addr", "--log-syslog-to", "unix://#dgram", "--log-syslog-to", "expected udp://HOST:PORT"),
                bad("syslog_addr", "--log-syslog-to", "unix:///dev/log#raw", "--log-syslog-to", "expected udp://HOST:PORT"),
                bad("raw_env", "-e", "NOEQUALS", "--env", "expected KEY=VALUE"),
                bad("raw_env", "-e", "=value", "--env", "expected KEY=VALUE"),
                bad("raw_env", "-e", "A B=c", "--env", "expected KEY=VALUE"),
                bad("chdir", "--chdir", "no/such/dir", "--chdir", "expected an existing directory; "),
                bad("worker_tmp_dir", "--worker-tmp-dir", "a-file", "--worker-tmp-dir", "expected an existing directory"),
                bad("logconfig", "--log-config", "missing.xml", "--log-config", "expected an existing file"),
                bad("logconfig", "--log-config", ".", "--log-config", "expected an existing file"),
                bad("classpath", "--classpath", "a.jar::b.jar", "--classpath", "expected jar files or directories"),
                bad("classpath", "--classpath", "", "--classpath", "expected jar files or directories"),
                bad("worker_jvm_args", "--worker-jvm-args", "-Da='x", "--worker-jvm-args",
                        "expected arguments split like a shell command line: unterminated single quote"),
                bad("hooks", "--hooks", "not a class", "--hooks", "expected a fully qualified class name"),
                bad("hooks", "--hooks", "com.acme.", "--hooks", "expected a fully qualified class name"),
                bad("worker_class", "-k", "", "--worker-class", "expected a worker name"),
                bad("accesslog", "--access-logfile", "", "--access-logfile", "expected a file path or - (stdout)"),
                bad("errorlog", "--log-file", "", "--error-logfile", "expected a file path or - (stderr)"),
                bad("user", "-u", "bad user", "--user", "expected a user name or a numeric uid"),
                bad("group", "-g", "", "--group", "expected a group name or a numeric gid"),
                bad("pidfile", "-p", "", "--pid", "expected a file path"),
                bad("proc_name", "-n", "", "--name", "expected a non-empty name"),
                bad("syslog_prefix", "--log-syslog-prefix", "", "--log-syslog-prefix", "expected a non-empty name"),
                bad("reload_extra_files", "--reload-extra-file", "", "--reload-extra-file", "expected a file path"),
                bad("config", "-c", "", "--config", "expected a file path"),
                bad("access_log_format", "--access-logformat", "a\u0007b", "--access-logformat",
                        "expected a format without control characters"),
                bad("server_header", "--server-header", "x\r\nSet-Cookie: a=b", "--server-header",
                        "expected header text without control characters"),
                bad("forwarded_allow_ips", "--forwarded-allow-ips", "10.0.0.1/8", "--forwarded-allow-ips",
                        "'10.0.0.1/8' has bits set after its /8 prefix; expected IP addresses or CIDR networks"),
                bad("forwarded_allow_ips", "--forwarded-allow-ips", "127.0.0.1,localhost", "--forwarded-allow-ips",
                        "'localhost' is not an IP address or network; expected IP addresses"),
                bad("forwarded_allow_ips", "--forwarded-allow-ips", "::1/200", "--forwarded-allow-ips",
                        "'::1/200' has no valid prefix length (0 to 128)"),
                bad("proxy_allow_ips", "--proxy-allow-from", "1.2.3.4,,5.6.7.8", "--proxy-allow-from",
                        "an empty entry; expected IP addresses"),
                bad("root_path", "--root-path", "app", "--root-path",
                        "expected empty, or a path that starts with / and does not end with / (such as /app)"),
                bad("root_path", "--root-path", "/app/", "--root-path", "expected empty, or a path that starts with /"),
                bad("proxy_protocol", "--proxy-protocol=v3", null, "--proxy-protocol",
                        "expected off, v1, v2 or auto (true means auto, false off)"),
                bad("forwarded_style", "--forwarded-style", "forwarded", "--forwarded-style",
                        "expected one of x-forwarded, rfc7239, both"),
                bad("forwarder_headers", "--forwarder-headers", "SCRIPT NAME", "--forwarder-headers",
                        "expected header names separated by commas"),
                bad("insecure_bind", "--insecure-bind", "host:65536", "--insecure-bind", "expected HOST, HOST:PORT"),
                bad("certfile", "--certfile", "missing.pem", "--certfile", "expected an existing file; "),
                bad("keyfile", "--keyfile", ".", "--keyfile", "expected an existing file"),
                bad("keyfile_password_file", "--keyfile-password-file", "nope", "--keyfile-password-file",
                        "expected an existing file"),
                bad("keyfile_password_env", "--keyfile-password-env", "1PASS", "--keyfile-password-env",
                        "expected the name of an environment variable"),
                bad("keyfile_password_env", "--keyfile-password-env", "MY-PASS", "--keyfile-password-env",
                        "expected the name of an environment variable"),
                bad("ca_certs", "--ca-certs", "missing-ca.pem", "--ca-certs", "expected an existing file"),
                bad("cert_reqs", "--cert-reqs", "always", "--cert-reqs",
                        "expected one of none, optional, required (or gunicorn's 0, 1, 2)"),
                bad("cert_reqs", "--cert-reqs", "3", "--cert-reqs", "expected one of none, optional, required"),
                bad("ciphers", "--ciphers", "HIGH:!aNULL", "--ciphers", "expected cipher suite names separated by ':'"),
                bad("ciphers", "--ciphers", "ECDHE+AESGCM", "--ciphers", "expected cipher suite names"),
                bad("ciphers", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256::", "--ciphers", "expected cipher suite names"),
                bad("ciphers", "--ciphers", "", "--ciphers", "expected cipher suite names"),
                bad("ssl_min_version", "--ssl-min-version", "TLSv1.1", "--ssl-min-version",
                        "expected TLSv1.2 or TLSv1.3 (TLS 1.0 and 1.1 are disabled by the JDK)"),
                bad("ssl_min_version", "--ssl-min-version", "SSLv3", "--ssl-min-version", "expected TLSv1.2 or TLSv1.3"));
    }

    private static Arguments bad(String name, String flag, String value, String namedFlag, String allowed) {
        return Arguments.of(name, flag, value, namedFlag, allowed);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("badValues")
    void refusesWithOneLineNamingSettingValueAndWhatIsAllowed(String name, String flag, String value,
                                                              String namedFlag, String allowed) throws IOException {
        Files.writeString(dir.resolve("a-file"), "");
        // A null value: the flag carries it attached, as in --proxy-protocol=v3.
        String message = value == null ? failure(dir, flag) : failure(dir, flag, value);
        String shown = value == null ? flag.substring(flag.indexOf('=') + 1) : value;
        assertThat(message).startsWith("Error: invalid value for " + name + " (" + namedFlag + "): '"
                + Suggestions.abbreviate(shown) + "': " + allowed);
    }

    @Test
    void sslValuesAreNormalised() {
        Config c = config(dir, "--cert-reqs", "2", "--ssl-min-version", "1.3", "--ciphers",
                "ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256", "--keyfile-password-env", "TLS_KEY_PASSWORD",
                "--insecure-bind", "unix:/tmp/x.sock", "--insecure-bind", "127.0.0.1:0");
        assertThat(c.get(Settings.CERT_REQS)).isEqualTo("required");
        assertThat(config(dir, "--cert-reqs", "OPTIONAL").get(Settings.CERT_REQS)).isEqualTo("optional");
        assertThat(config(dir, "--cert-reqs", "0").get(Settings.CERT_REQS)).isEqualTo("none");
        assertThat(c.get(Settings.SSL_MIN_VERSION)).isEqualTo("TLSv1.3");
        assertThat(config(dir, "--ssl-min-version", "tlsv1.2").get(Settings.SSL_MIN_VERSION)).isEqualTo("TLSv1.2");
        assertThat(c.get(Settings.CIPHERS)).contains("ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256");
        assertThat(c.get(Settings.KEYFILE_PASSWORD_ENV)).contains("TLS_KEY_PASSWORD");
        assertThat(c.get(Settings.INSECURE_BIND)).containsExactly("unix:/tmp/x.sock", "127.0.0.1:0");
    }

    @Test
    void booleansRefuseAnythingButTrueOrFalse() {
        assertThat(failure(dir, "--reload=yes"))
                .isEqualTo("Error: invalid value for reload (--reload): 'yes': expected true or false");
        assertThat(failure(dir, Map.of("LOOMICORN_CMD_ARGS", "--spew=1")))
                .isEqualTo("Error: invalid value for spew (--spew): '1': expected true or false (from LOOMICORN_CMD_ARGS)");
    }

    @Test
    void theAppArgumentIsValidatedAsWsgiApp() {
        assertThat(failure(dir, "not an app"))
                .isEqualTo("Error: invalid value for wsgi_app: 'not an app': expected a class such as"
                        + " com.acme.HelloApp, or CLASS:MEMBER such as com.acme.Main:app");
        assertThat(failure(dir, "com.acme.Main:app:x")).startsWith("Error: invalid value for wsgi_app: ");
        assertThat(failure(dir, "com.acme.Main:")).startsWith("Error: invalid value for wsgi_app: ");
    }

    @Test
    void longValuesAreCutInMessages() {
        String message = failure(dir, "--backlog", "9".repeat(300));
        assertThat(message).contains("'" + "9".repeat(80) + "...'").hasSizeLessThan(200);
    }

    @Test
    void acceptsEveryBindForm() {
        Config config = config(dir, "-b", "localhost", "-b", "0.0.0.0:80", "-b", "[::1]:8080", "-b", "tcp://h:0",
                "-b", "unix:/run/a.sock", "-b", "unix://run/b.sock", "-b", "fd://3");
        assertThat(config.get(Settings.BIND)).containsExactly("localhost", "0.0.0.0:80", "[::1]:8080", "tcp://h:0",
                "unix:/run/a.sock", "unix://run/b.sock", "fd://3");
    }

    @Test
    void acceptsEveryUmaskForm() {
        assertThat(config(dir, "-m", "0022").get(Settings.UMASK)).isEqualTo(0022);
        assertThat(config(dir, "-m", "0o22").get(Settings.UMASK)).isEqualTo(0022);
        assertThat(config(dir, "-m", "0O777").get(Settings.UMASK)).isEqualTo(0777);
        assertThat(config(dir, "-m", "0x12").get(Settings.UMASK)).isEqualTo(0x12);
        assertThat(config(dir, "-m", "18").get(Settings.UMASK)).isEqualTo(18);
        assertThat(config(dir, "-m", "0").get(Settings.UMASK)).isZero();
        assertThat(config(dir, "--umask=511").get(Settings.UMASK)).isEqualTo(0777);
    }

    @Test
    void acceptsWorkerCountsAndExpressions() {
        assertThat(config(dir, "-w", "0").get(Settings.WORKERS)).isZero();
        assertThat(config(dir, "-w", "12").get(Settings.WORKERS)).isEqualTo(12);
        assertThat(config(dir, "-w", "2*cpu+1").get(Settings.WORKERS)).isEqualTo(9);
        assertThat(config(dir, "-w", "cpu").get(Settings.WORKERS)).isEqualTo(4);
        assertThat(config(dir, "-w", "cpu/2").get(Settings.WORKERS)).isEqualTo(2);
        assertThat(config(dir, "-w", "cpu/8").get(Settings.WORKERS)).as("at least 1").isEqualTo(1);
        assertThat(config(dir, "-w4").get(Settings.WORKERS)).isEqualTo(4);
    }

    @Test
    void acceptsBoundaryIntegers() {
        Config config = config(dir, "--backlog", "1", "--threads", "1", "--max-requests", "0", "-t", "0",
                "--header-timeout", "1", "--limit-request-fields", "32768", "--limit-request-line", "0",
                "--limit-request-field-size", "0", "--limit-request-body", "1099511627776",
                "--max-requests-jitter", "2147483647");
        assertThat(config.get(Settings.LIMIT_REQUEST_FIELDS)).isEqualTo(32768);
        assertThat(config.get(Settings.LIMIT_REQUEST_BODY)).isEqualTo(1L << 40);
        assertThat(config.get(Settings.MAX_REQUESTS_JITTER)).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.get(Settings.TIMEOUT)).isZero();
    }

    @Test
    void limitRequestLineAboveTheCapIsAcceptedAndDocumentedAsCapped() {
        assertThat(config(dir, "--limit-request-line", "100000").get(Settings.LIMIT_REQUEST_LINE)).isEqualTo(100000);
        assertThat(Settings.LIMIT_REQUEST_LINE.description()).contains("capped at 8190");
    }

    @Test
    void choicesAreCaseInsensitiveAndStoredLowerCase() {
        Config config = config(dir, "--header-map", "REFUSE", "--log-level", "Warning",
                "--log-syslog-facility", "LOCAL7");
        assertThat(config.get(Settings.HEADER_MAP)).isEqualTo("refuse");
        assertThat(config.get(Settings.LOGLEVEL)).isEqualTo("warning");
        assertThat(config.get(Settings.SYSLOG_FACILITY)).isEqualTo("local7");
        for (String level : List.of("debug", "info", "warning", "error", "critical")) {
            assertThat(config(dir, "--log-level", level).get(Settings.LOGLEVEL)).isEqualTo(level);
        }
    }

    @Test
    void acceptsSyslogAddresses() {
        for (String address : List.of("udp://localhost:514", "tcp://10.0.0.1:601", "udp://[::1]:514",
                "unix:///dev/log", "unix:///dev/log#dgram", "unix:///var/run/syslog#stream")) {
            assertThat(config(dir, "--log-syslog-to", address).get(Settings.SYSLOG_ADDR)).isEqualTo(address);
        }
    }

    @Test
    void acceptsStringsOfEveryKind() {
        Config config = config(dir, "-e", "A=b=c", "-e", "EMPTY=", "--server-header=", "-k", "com.acme.MyWorker",
                "--hooks", "com.acme.Hooks$Inner", "-u", "1000", "-g", "www-data", "-p", "/run/app.pid",
                "--access-logfile", "-", "--log-file", "/var/log/app.log", "-n", "shop",
                "--log-syslog-prefix", "shop.web", "--worker-jvm-args=", "com.acme.Main:app");
        assertThat(config.get(Settings.RAW_ENV)).containsExactly("A=b=c", "EMPTY=");
        assertThat(config.get(Settings.SERVER_HEADER)).isEmpty();
        assertThat(config.get(Settings.WORKER_CLASS)).isEqualTo("com.acme.MyWorker");
        assertThat(config.get(Settings.HOOKS)).contains("com.acme.Hooks$Inner");
        assertThat(config.get(Settings.USER)).contains("1000");
        assertThat(config.get(Settings.GROUP)).contains("www-data");
        assertThat(config.get(Settings.PIDFILE)).contains("/run/app.pid");
        assertThat(config.get(Settings.ACCESSLOG)).contains("-");
        assertThat(config.get(Settings.ERRORLOG)).isEqualTo("/var/log/app.log");
        assertThat(config.get(Settings.PROC_NAME)).contains("shop");
        assertThat(config.get(Settings.SYSLOG_PREFIX)).isEqualTo(Optional.of("shop.web"));
        assertThat(config.get(Settings.WORKER_JVM_ARGS)).isEmpty();
        assertThat(config.app()).isEqualTo("com.acme.Main:app");
    }
}
