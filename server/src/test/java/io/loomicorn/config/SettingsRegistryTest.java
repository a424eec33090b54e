package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsRegistryTest {

    /** The command-line contract: gunicorn's flags, and Loomicorn's new ones. */
    private static final Map<String, List<String>> EXPECTED_FLAGS = expectedFlags();

    private static Map<String, List<String>> expectedFlags() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("config", List.of("-c", "--config"));
        m.put("wsgi_app", List.of());
        m.put("bind", List.of("-b", "--bind"));
        m.put("insecure_bind", List.of("--insecure-bind"));
        m.put("backlog", List.of("--backlog"));
        m.put("reuse_port", List.of("--reuse-port"));
        m.put("certfile", List.of("--certfile"));
        m.put("keyfile", List.of("--keyfile"));
        m.put("keyfile_password_file", List.of("--keyfile-password-file"));
        m.put("keyfile_password_env", List.of("--keyfile-password-env"));
        m.put("ca_certs", List.of("--ca-certs"));
        m.put("cert_reqs", List.of("--cert-reqs"));
        m.put("ciphers", List.of("--ciphers"));
        m.put("ssl_min_version", List.of("--ssl-min-version"));
        m.put("workers", List.of("-w", "--workers"));
        m.put("worker_class", List.of("-k", "--worker-class"));
        m.put("threads", List.of("--threads"));
        m.put("worker_connections", List.of("--worker-connections"));
        m.put("max_requests", List.of("--max-requests"));
        m.put("max_requests_jitter", List.of("--max-requests-jitter"));
        m.put("timeout", List.of("-t", "--timeout"));
        m.put("graceful_timeout", List.of("--graceful-timeout"));
        m.put("shutdown_delay", List.of("--shutdown-delay"));
        m.put("keepalive", List.of("--keep-alive"));
        m.put("header_timeout", List.of("--header-timeout"));
        m.put("limit_request_line", List.of("--limit-request-line"));
        m.put("limit_request_fields", List.of("--limit-request-fields"));
        m.put("limit_request_field_size", List.of("--limit-request-field-size", "--limit-request-field_size"));
        m.put("limit_request_body", List.of("--limit-request-body"));
        m.put("reload", List.of("--reload"));
        m.put("reload_extra_files", List.of("--reload-extra-file"));
        m.put("spew", List.of("--spew"));
        m.put("check_config", List.of("--check-config"));
        m.put("print_config", List.of("--print-config"));
        m.put("preload_app", List.of("--preload"));
        m.put("sendfile", List.of("--no-sendfile"));
        m.put("chdir", List.of("--chdir"));
        m.put("raw_env", List.of("-e", "--env"));
        m.put("pidfile", List.of("-p", "--pid"));
        m.put("worker_tmp_dir", List.of("--worker-tmp-dir"));
        m.put("user", List.of("-u", "--user"));
        m.put("group", List.of("-g", "--group"));
        m.put("umask", List.of("-m", "--umask"));
        m.put("classpath", List.of("--classpath"));
        m.put("linkage_check", List.of("--linkage-check"));
        m.put("worker_jvm_args", List.of("--worker-jvm-args"));
        m.put("aot_cache", List.of("--aot-cache"));
        m.put("permit_obsolete_folding", List.of("--permit-obsolete-folding"));
        m.put("permit_unconventional_http_method", List.of("--permit-unconventional-http-method"));
        m.put("permit_unconventional_http_version", List.of("--permit-unconventional-http-version"));
        m.put("casefold_http_method", List.of("--casefold-http-method"));
        m.put("header_map", List.of("--header-map"));
        m.put("server_header", List.of("--server-header"));
        m.put("forwarded_allow_ips", List.of("--forwarded-allow-ips"));
        m.put("secure_scheme_headers", List.of());
        m.put("forwarded_style", List.of("--forwarded-style"));
        m.put("forwarder_headers", List.of("--forwarder-headers"));
        m.put("root_path", List.of("--root-path"));
        m.put("proxy_protocol", List.of("--proxy-protocol"));
        m.put("proxy_allow_ips", List.of("--proxy-allow-from"));
        m.put("accesslog", List.of("--access-logfile"));
        m.put("access_log_format", List.of("--access-logformat"));
        m.put("access_log_json", List.of("--access-log-json"));
        m.put("errorlog", List.of("--error-logfile", "--log-file"));
        m.put("loglevel", List.of("--log-level"));
        m.put("capture_output", List.of("--capture-output"));
        m.put("logconfig", List.of("--log-config"));
        m.put("syslog", List.of("--log-syslog"));
        m.put("syslog_addr", List.of("--log-syslog-to"));
        m.put("syslog_prefix", List.of("--log-syslog-prefix"));
        m.put("syslog_facility", List.of("--log-syslog-facility"));
        m.put("disable_redirect_access_to_syslog", List.of("--disable-redirect-access-to-syslog"));
        m.put("statsd_host", List.of("--statsd-host"));
        m.put("dogstatsd_tags", List.of("--dogstatsd-tags"));
        m.put("statsd_prefix", List.of("--statsd-prefix"));
        m.put("admin_bind", List.of("--admin-bind"));
        m.put("admin_ready_percent", List.of("--admin-ready-percent"));
        m.put("control_socket", List.of("--control-socket"));
        m.put("control_socket_mode", List.of("--control-socket-mode"));
        m.put("proc_name", List.of("-n", "--name"));
        m.put("hooks", List.of("--hooks"));
        return m;
    }

    @Test
    void holdsExactlyTheSettingsInScopeInDocumentationOrder() {
        assertThat(Settings.all()).extracting(Setting::name).containsExactlyElementsOf(EXPECTED_FLAGS.keySet());
        assertThat(Settings.all()).hasSize(EXPECTED_FLAGS.size());
    }

    @Test
    void flagsFollowGunicorn() {
        for (Setting<?> setting : Settings.all()) {
            assertThat(setting.flags()).as(setting.name()).containsExactlyElementsOf(EXPECTED_FLAGS.get(setting.name()));
        }
    }

    @Test
    void everyPublicConstantIsRegistered() throws IllegalAccessException {
        List<Setting<?>> constants = new ArrayList<>();
        for (Field field : Settings.class.getDeclaredFields()) {
            int mods = field.getModifiers();
            if (field.getType() == Setting.class) {
                assertThat(Modifier.isPublic(mods) && Modifier.isStatic(mods) && Modifier.isFinal(mods))
                        .as(field.getName()).isTrue();
                constants.add((Setting<?>) field.get(null));
                assertThat(field.getName()).isEqualTo(((Setting<?>) field.get(null)).name().toUpperCase());
            }
        }
        assertThat(constants).containsExactlyInAnyOrderElementsOf(Settings.all());
    }

    @Test
    void namesAndFlagsAreUniqueAndWellFormed() {
        Set<String> flags = new HashSet<>(List.of("-h", "--help", "-v", "--version"));
        for (Setting<?> setting : Settings.all()) {
            assertThat(setting.name()).matches("[a-z][a-z0-9_]*");
            assertThat(setting.hoconKey()).isEqualTo(setting.name());
            assertThat(Settings.byName(setting.name())).containsSame(setting);
            for (String flag : setting.flags()) {
                assertThat(flag).matches("-[a-zA-Z]|--[a-z][a-z0-9_-]*");
                assertThat(flags.add(flag)).as("flag %s used twice", flag).isTrue();
            }
        }
        assertThat(Settings.byName("nope")).isEmpty();
    }

    @Test
    void sectionsAppearInTheirOrderAndEachHasSettings() {
        Section previous = Section.values()[0];
        Set<Section> used = new HashSet<>();
        for (Setting<?> setting : Settings.all()) {
            assertThat(setting.section().ordinal()).as(setting.name()).isGreaterThanOrEqualTo(previous.ordinal());
            previous = setting.section();
            used.add(setting.section());
        }
        // "Worker Classes" holds only what worker classes on the class path declare: none here.
        assertThat(used).containsExactlyInAnyOrder(java.util.Arrays.stream(Section.values())
                .filter(s -> s != Section.WORKER_CLASSES).toArray(Section[]::new));
        assertThat(Section.SERVER_SOCKET.title()).isEqualTo("Server Socket");
    }

    @Test
    void everySettingIsDocumented() {
        for (Setting<?> setting : Settings.all()) {
            assertThat(setting.summary()).as(setting.name()).isNotBlank().doesNotContain("\n").endsWith(".")
                    .doesNotContain("`");
            assertThat(setting.description()).as(setting.name()).isNotBlank().endsWith(".");
            assertThat(setting.defaultText()).as(setting.name()).isNotBlank();
            assertThat(setting.type()).as(setting.name()).isNotBlank();
            assertThat(setting.allowedValues()).as(setting.name()).startsWith("expected");
            assertThat(setting.label().isEmpty()).as(setting.name()).isEqualTo(setting.isFlag());
        }
    }

    @Test
    void everyDefaultIsValidAndSurvivesHocon() {
        ParseContext context = new ParseContext(java.nio.file.Path.of(""), 4);
        for (Setting<?> setting : Settings.all()) {
            assertDefaultRoundTrips(setting, context);
        }
    }

    private static <T> void assertDefaultRoundTrips(Setting<T> setting, ParseContext context) {
        String literal = setting.toHocon(setting.defaultValue());
        T back = setting.parse(ConfigFactory.parseString("v = " + literal).root().get("v"), context);
        assertThat(back).as(setting.name()).isEqualTo(setting.defaultValue());
    }

    @Test
    void documentedDefaults() {
        assertThat(Settings.BIND.defaultValue()).containsExactly("127.0.0.1:8000");
        assertThat(Settings.BIND.defaultEnvironmentVariable()).contains("PORT");
        assertThat(Settings.WORKERS.defaultValue()).isEqualTo(1);
        assertThat(Settings.WORKERS.defaultEnvironmentVariable()).contains("WEB_CONCURRENCY");
        assertThat(Settings.BACKLOG.defaultValue()).isEqualTo(2048);
        assertThat(Settings.WORKER_CLASS.defaultValue()).isEqualTo("sync");
        assertThat(Settings.WORKER_CONNECTIONS.defaultValue()).isEqualTo(1000);
        assertThat(Settings.TIMEOUT.defaultValue()).isEqualTo(30);
        assertThat(Settings.GRACEFUL_TIMEOUT.defaultValue()).isEqualTo(30);
        assertThat(Settings.KEEPALIVE.defaultValue()).isEqualTo(2);
        assertThat(Settings.HEADER_TIMEOUT.defaultValue()).isEqualTo(10);
        assertThat(Settings.LIMIT_REQUEST_LINE.defaultValue()).isEqualTo(4094);
        assertThat(Settings.LIMIT_REQUEST_FIELDS.defaultValue()).isEqualTo(100);
        assertThat(Settings.LIMIT_REQUEST_FIELD_SIZE.defaultValue()).isEqualTo(8190);
        assertThat(Settings.LIMIT_REQUEST_BODY.defaultValue()).isZero();
        assertThat(Settings.SENDFILE.defaultValue()).isTrue();
        assertThat(Settings.SENDFILE.isNegatedFlag()).isTrue();
        assertThat(Settings.HEADER_MAP.defaultValue()).isEqualTo("drop");
        assertThat(Settings.SERVER_HEADER.defaultValue()).isEqualTo("loomicorn");
        assertThat(Settings.ACCESS_LOG_FORMAT.defaultValue())
                .isEqualTo("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"");
        assertThat(Settings.ERRORLOG.defaultValue()).isEqualTo("-");
        assertThat(Settings.LOGLEVEL.defaultValue()).isEqualTo("info");
        assertThat(Settings.SYSLOG_ADDR.defaultValue()).isEqualTo("udp://localhost:514");
        assertThat(Settings.SYSLOG_FACILITY.defaultValue()).isEqualTo("user");
        assertThat(Settings.UMASK.defaultValue()).isZero();
        assertThat(Settings.ACCESSLOG.defaultValue()).isEmpty();
        assertThat(Settings.SPEW.description())
                .contains("the JVM has no line tracer, so Loomicorn maps it to a JFR method trace (JEP 520)");
        assertThat(Settings.AOT_CACHE.defaultValue()).isEqualTo("auto");
        assertThat(Settings.FORWARDED_ALLOW_IPS.defaultValue()).containsExactly("127.0.0.1", "::1");
        assertThat(Settings.FORWARDED_ALLOW_IPS.defaultEnvironmentVariable()).contains("FORWARDED_ALLOW_IPS");
        assertThat(Settings.SECURE_SCHEME_HEADERS.defaultValue()).isEqualTo(Map.of(
                "X-FORWARDED-PROTOCOL", "ssl", "X-FORWARDED-PROTO", "https", "X-FORWARDED-SSL", "on"));
        assertThat(Settings.FORWARDER_HEADERS.defaultValue()).containsExactly("SCRIPT_NAME", "PATH_INFO");
        assertThat(Settings.ROOT_PATH.defaultValue()).isEmpty();
        assertThat(Settings.ROOT_PATH.defaultEnvironmentVariable()).contains("SCRIPT_NAME");
        assertThat(Settings.PROXY_PROTOCOL.defaultValue()).isEqualTo("off");
        assertThat(Settings.PROXY_PROTOCOL.bareValue()).contains("auto");
        assertThat(Settings.PROXY_ALLOW_IPS.defaultValue()).containsExactly("127.0.0.1", "::1");
        assertThat(Settings.FORWARDED_STYLE.defaultValue()).isEqualTo("x-forwarded");
        assertThat(Settings.INSECURE_BIND.defaultValue()).isEmpty();
        assertThat(Settings.CERTFILE.defaultValue()).isEmpty();
        assertThat(Settings.CERT_REQS.defaultValue()).isEqualTo("none");
        assertThat(Settings.CIPHERS.defaultValue()).isEmpty();
        assertThat(Settings.SSL_MIN_VERSION.defaultValue()).isEqualTo("TLSv1.2");
    }

    @Test
    void repeatableAndFlagKinds() {
        assertThat(Settings.all().stream().filter(Setting::isRepeatable).map(Setting::name))
                .containsExactly("bind", "insecure_bind", "reload_extra_files", "raw_env", "classpath");
        assertThat(Settings.WORKER_JVM_ARGS.isRepeatable()).isFalse();
        assertThat(Settings.RELOAD.isFlag()).isTrue();
        assertThat(Settings.WORKERS.isFlag()).isFalse();
        assertThat(Settings.WORKERS.primaryFlag()).isEqualTo("--workers");
        assertThat(Settings.WSGI_APP.primaryFlag()).isEmpty();
    }

    @Test
    void publicParseGivesTheOneLineMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.BACKLOG.parse("0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Error: invalid value for backlog (--backlog): '0': expected an integer >= 1");
        assertThat(Settings.BACKLOG.parse("5")).isEqualTo(5);
        assertThat(Settings.WORKERS.parse("2*cpu", new ParseContext(java.nio.file.Path.of(""), 3))).isEqualTo(6);
        assertThat(Settings.BIND.parse(ConfigFactory.parseString("b = [\"a:1\", \"b\"]").root().get("b")))
                .containsExactly("a:1", "b");
    }
}
