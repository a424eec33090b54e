package io.loomicorn.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.loomicorn.proxy.AddressMatcher;
import io.loomicorn.proxy.ProxyProtocolMode;
import io.loomicorn.proxy.ProxySettings;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kinds of values settings take, as {@link ValueParser}s: booleans, bounded integers,
 * worker counts with CPU expressions, umasks, choices, paths that must exist, and lists.
 *
 * <p>Every parser is strict: it refuses what it does not understand with the reason, rather
 * than guessing (gunicorn, for example, turns an unknown log level into {@code info}).
 */
final class ValueParsers {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern JAVA_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final Pattern JAVA_MEMBER =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
    private static final Pattern ENV_ENTRY = Pattern.compile("[^=\\s]+=.*", Pattern.DOTALL);

    private ValueParsers() {
    }

    // ---------------------------------------------------------------- scalars

    /** {@code true} or {@code false}, any case; a presence flag on the command line. */
    static ValueParser<Boolean> bool() {
        return new Scalar<>("bool", "", "expected true or false", ValueParser.Arity.FLAG,
                (raw, ctx) -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new InvalidValueException("expected true or false");
                },
                String::valueOf, String::valueOf);
    }

    /** A decimal integer from {@code min} to {@code max}. */
    static ValueParser<Integer> integer(String label, int min, int max) {
        String allowed = max == Integer.MAX_VALUE
                ? "expected an integer >= " + min
                : "expected an integer from " + min + " to " + max;
        return new Scalar<>("int", label, allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> (int) parseLong(raw, min, max, allowed),
                String::valueOf, String::valueOf);
    }

    /** A decimal integer of at least {@code min}, as a long. */
    static ValueParser<Long> longInteger(String label, long min) {
        String allowed = "expected an integer >= " + min;
        return new Scalar<>("long", label, allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> parseLong(raw, min, Long.MAX_VALUE, allowed),
                String::valueOf, String::valueOf);
    }

    private static long parseLong(String raw, long min, long max, String allowed) {
        if (!INTEGER.matcher(raw).matches()) {
            throw new InvalidValueException(allowed);
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(allowed);
        }
        if (value < min || value > max) {
            throw new InvalidValueException(allowed);
        }
        return value;
    }

    /**
     * A worker count: an integer {@code >= 0}, or a CPU expression such as {@code 2*cpu+1}
     * evaluated with the context's CPU count (floored, at least 1).
     */
    static ValueParser<Integer> workers() {
        String allowed = "expected an integer >= 0 or a CPU expression such as 2*cpu+1"
                + " (integers, cpu, + - * / and parentheses)";
        return new Scalar<>("int or CPU expression", "INT|EXPR", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    if (INTEGER.matcher(raw).matches()) {
                        return (int) parseLong(raw, 0, Integer.MAX_VALUE, allowed);
                    }
                    if (raw.isBlank() || !raw.toLowerCase(Locale.ROOT).matches("[0-9cpu+\\-*/() ]+")) {
                        throw new InvalidValueException(allowed);
                    }
                    try {
                        return CpuExpression.evaluate(raw, ctx.cpuCount());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(e.getMessage());
                    }
                },
                String::valueOf, String::valueOf);
    }

    /**
     * A file mode creation mask from 0 to 0777: {@code 0022} (a leading zero means octal, as
     * in a shell), {@code 0o22}, {@code 0x12} or decimal {@code 18}. In HOCON it must be
     * quoted, because HOCON reads an unquoted {@code 0022} as the decimal number 22.
     */
    static ValueParser<Integer> umask() {
        String allowed = "expected a mask from 0 to 0777, written 0022 (octal), 0o22, 0x12 or 18 (decimal)";
        return new Scalar<>("int (octal)", "MASK", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> parseUmask(raw, allowed),
                value -> HoconValues.quote(octal(value)), ValueParsers::octal) {
            @Override
            public Integer parse(ConfigValue value, ParseContext context) {
                if (value.valueType() == ConfigValueType.NUMBER && !"0".equals(HoconValues.shown(value))) {
                    throw new InvalidValueException("write the mask in quotes, as in umask = \"0022\":"
                            + " HOCON reads an unquoted 0022 as the decimal number 22");
                }
                return super.parse(value, context);
            }
        };
    }

    /**
     * A file mode from 0 to 0777: {@code 0600} (a leading zero means octal), {@code 0o600},
     * {@code 0x180} or {@code 384} (decimal), as {@link #umask()} reads a mask.
     */
    static ValueParser<Integer> fileMode() {
        String allowed = "expected a file mode from 0 to 0777, written 0600 (octal), 0o600, 0x180 or 384 (decimal)";
        return new Scalar<>("int (octal)", "MODE", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> parseUmask(raw, allowed),
                value -> HoconValues.quote(octal(value)), ValueParsers::octal) {
            @Override
            public Integer parse(ConfigValue value, ParseContext context) {
                if (value.valueType() == ConfigValueType.NUMBER && !"0".equals(HoconValues.shown(value))) {
                    throw new InvalidValueException("write the mode in quotes, as in control_socket_mode = \"0600\":"
                            + " HOCON reads an unquoted 0600 as the decimal number 600");
                }
                return super.parse(value, context);
            }
        };
    }

    private static int parseUmask(String raw, String allowed) {
        String text = raw.toLowerCase(Locale.ROOT);
        int radix = 10;
        if (text.startsWith("0o")) {
            text = text.substring(2);
            radix = 8;
        } else if (text.startsWith("0x")) {
            text = text.substring(2);
            radix = 16;
        } else if (text.length() > 1 && text.startsWith("0")) {
            radix = 8;
        }
        try {
            if (text.isEmpty() || !Character.isLetterOrDigit(text.charAt(0))) {
                throw new NumberFormatException();
            }
            int value = Integer.parseInt(text, radix);
            if (value < 0 || value > 0777) {
                throw new InvalidValueException(allowed);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidValueException(allowed);
        }
    }

    private static String octal(int value) {
        return String.format("%04o", value);
    }

    /** Text without control characters, not empty unless {@code allowEmpty}. */
    static ValueParser<String> text(String label, String allowed, boolean allowEmpty) {
        return string("string", label, allowed, s -> (allowEmpty || !s.isEmpty()) && !hasControl(s));
    }

    /** Text that passes {@code valid}; control characters are always refused. */
    static ValueParser<String> string(String typeName, String label, String allowed, Predicate<String> valid) {
        return new Scalar<>(typeName, label, allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    if (hasControl(raw) || !valid.test(raw)) {
                        throw new InvalidValueException(allowed);
                    }
                    return raw;
                },
                HoconValues::quote, s -> s.isEmpty() ? "\"\"" : s);
    }

    /** A fully qualified Java class name such as {@code com.acme.Hooks}. */
    static ValueParser<String> className() {
        return string("class name", "CLASS", "expected a fully qualified class name such as com.acme.MyHooks",
                s -> JAVA_NAME.matcher(s).matches());
    }

    /** An application: {@code com.acme.HelloApp} or {@code com.acme.Main:app}. */
    static ValueParser<String> application() {
        return string("application", "APP",
                "expected a class such as com.acme.HelloApp, or CLASS:MEMBER such as com.acme.Main:app",
                s -> {
                    int colon = s.indexOf(':');
                    return colon < 0
                            ? JAVA_NAME.matcher(s).matches()
                            : JAVA_NAME.matcher(s.substring(0, colon)).matches()
                                    && JAVA_MEMBER.matcher(s.substring(colon + 1)).matches();
                });
    }

    /** One of a fixed set of lower-case words; input is accepted in any case and lower-cased. */
    static ValueParser<String> choice(String label, String... choices) {
        List<String> allowedWords = List.of(choices);
        String allowed = "expected one of " + String.join(", ", allowedWords);
        return new Scalar<>("one of " + String.join(", ", allowedWords), label, allowed,
                ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    String word = raw.toLowerCase(Locale.ROOT);
                    if (!allowedWords.contains(word)) {
                        throw new InvalidValueException(allowed);
                    }
                    return word;
                },
                HoconValues::quote, Function.identity());
    }

    /** A directory that exists; kept as an absolute path resolved against the context's cwd. */
    static ValueParser<String> existingDirectory() {
        return existingPath("directory", "DIR", Files::isDirectory);
    }

    /** A regular file that exists; kept as an absolute path resolved against the context's cwd. */
    static ValueParser<String> existingFile() {
        return existingPath("file", "FILE", Files::isRegularFile);
    }

    private static ValueParser<String> existingPath(String what, String label, Predicate<Path> exists) {
        String allowed = "expected an existing " + what;
        return new Scalar<>("path (existing " + what + ")", label, allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    if (raw.isEmpty() || hasControl(raw)) {
                        throw new InvalidValueException(allowed);
                    }
                    Path path;
                    try {
                        path = ctx.cwd().resolve(raw).toAbsolutePath().normalize();
                    } catch (InvalidPathException e) {
                        throw new InvalidValueException(allowed);
                    }
                    if (!exists.test(path)) {
                        throw new InvalidValueException(allowed + "; " + path + " is not one");
                    }
                    return path.toString();
                },
                HoconValues::quote, Function.identity());
    }

    /**
     * A path, kept absolute: a relative one is resolved against the context's directory
     * (where Loomicorn was started), so that the master and the workers, whose working
     * directory is {@code chdir}, name the same file. The {@code keep} words (such as
     * {@code -} for a standard stream) pass unchanged.
     */
    static ValueParser<String> path(String label, String allowed, String... keep) {
        List<String> words = List.of(keep);
        return new Scalar<>("path", label, allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    if (raw.isEmpty() || hasControl(raw)) {
                        throw new InvalidValueException(allowed);
                    }
                    if (words.contains(raw)) {
                        return raw;
                    }
                    try {
                        return ctx.cwd().resolve(raw).toAbsolutePath().normalize().toString();
                    } catch (InvalidPathException e) {
                        throw new InvalidValueException(allowed);
                    }
                },
                HoconValues::quote, Function.identity());
    }

    /** A syslog destination: {@code udp://HOST:PORT}, {@code tcp://HOST:PORT} or {@code unix://PATH[#dgram|#stream]}. */
    static ValueParser<String> syslogAddress() {
        String allowed = "expected udp://HOST:PORT, tcp://HOST:PORT or unix://PATH[#dgram|#stream]";
        return string("syslog address", "ADDRESS", allowed, s -> {
            if (s.startsWith("unix://")) {
                String path = s.substring("unix://".length());
                int hash = path.indexOf('#');
                String type = hash < 0 ? null : path.substring(hash + 1);
                String file = hash < 0 ? path : path.substring(0, hash);
                return !file.isEmpty() && (type == null || type.equals("dgram") || type.equals("stream"));
            }
            if (s.startsWith("udp://") || s.startsWith("tcp://")) {
                String hostPort = s.substring("udp://".length());
                boolean hasPort = hostPort.lastIndexOf(':') > hostPort.lastIndexOf(']');
                try {
                    return hasPort && !hostPort.contains("://")
                            && BindAddress.parse(hostPort) instanceof BindAddress.Tcp;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            return false;
        });
    }

    /** {@code KEY=VALUE} with a non-empty key without whitespace. */
    static ValueParser<String> environmentEntry() {
        return string("KEY=VALUE", "KEY=VALUE", "expected KEY=VALUE with a non-empty KEY without spaces",
                s -> ENV_ENTRY.matcher(s).matches());
    }

    /** One {@code bind} address; see {@link BindAddress}. */
    static ValueParser<String> bindAddress() {
        return new Scalar<>("address", "ADDRESS", BindAddress.ALLOWED, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    try {
                        BindAddress.parse(raw);
                        return raw;
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(e.getMessage());
                    }
                },
                HoconValues::quote, Function.identity());
    }

    /**
     * gunicorn's {@code cert_reqs}: {@code none}, {@code optional} or {@code required}, or
     * gunicorn's numbers for them ({@code 0}, {@code 1}, {@code 2}, Python's
     * {@code ssl.CERT_*}); kept as the word.
     */
    static ValueParser<String> certReqs() {
        List<String> words = List.of("none", "optional", "required");
        String allowed = "expected one of none, optional, required (or gunicorn's 0, 1, 2)";
        return new Scalar<>("one of none, optional, required", "MODE", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    String word = raw.toLowerCase(Locale.ROOT);
                    if (word.length() == 1 && word.charAt(0) >= '0' && word.charAt(0) <= '2') {
                        return words.get(word.charAt(0) - '0');
                    }
                    if (!words.contains(word)) {
                        throw new InvalidValueException(allowed);
                    }
                    return word;
                },
                HoconValues::quote, Function.identity());
    }

    /** The lowest TLS version: {@code TLSv1.2} or {@code TLSv1.3}, also written {@code 1.2}, {@code tlsv1.3}. */
    static ValueParser<String> tlsVersion() {
        String allowed = "expected TLSv1.2 or TLSv1.3 (TLS 1.0 and 1.1 are disabled by the JDK)";
        return new Scalar<>("one of TLSv1.2, TLSv1.3", "VERSION", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "tlsv1.2", "1.2" -> "TLSv1.2";
                    case "tlsv1.3", "1.3" -> "TLSv1.3";
                    default -> throw new InvalidValueException(allowed);
                },
                HoconValues::quote, Function.identity());
    }

    /**
     * Cipher suite names separated by {@code :} or {@code ,}: IANA names as the JDK spells
     * them ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}) or OpenSSL's
     * ({@code ECDHE-RSA-AES128-GCM-SHA256}). OpenSSL's keywords and operators
     * ({@code HIGH}, {@code !aNULL}, {@code ECDHE+AESGCM}) are refused: they would need
     * OpenSSL's whole cipher-string language. Whether the JDK supports each suite is checked
     * when the TLS setup is built.
     */
    static ValueParser<String> cipherList() {
        String allowed = "expected cipher suite names separated by ':', such as"
                + " ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256 (OpenSSL keywords and operators"
                + " such as HIGH, !aNULL or ECDHE+AESGCM are not supported)";
        return string("cipher suites", "SUITES", allowed, s -> {
            String[] names = s.split("[:,]", -1);
            for (String name : names) {
                String n = name.strip();
                boolean iana = (n.startsWith("TLS_") || n.startsWith("SSL_")) && n.matches("[A-Z0-9_]+");
                boolean openssl = n.contains("-") && n.matches("[A-Z0-9][A-Z0-9-]*[A-Z0-9]");
                if (!iana && !openssl) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The name of an environment variable: letters, digits and {@code _}, not starting with a digit. */
    static ValueParser<String> environmentName() {
        return string("environment variable name", "NAME",
                "expected the name of an environment variable, such as TLS_KEY_PASSWORD",
                s -> s.matches("[A-Za-z_][A-Za-z0-9_]*"));
    }

    /**
     * Where the master's admin endpoint listens: {@code HOST:PORT}, {@code [IPv6]:PORT} or
     * {@code unix:PATH} (the forms of {@code bind}, with the port required and no {@code fd://}).
     */
    static ValueParser<String> adminAddress() {
        String allowed = "expected HOST:PORT, [IPv6]:PORT or unix:PATH";
        return new Scalar<>("address", "ADDRESS", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    BindAddress address;
                    try {
                        address = BindAddress.parse(raw);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(allowed);
                    }
                    boolean portGiven = raw.lastIndexOf(':') > raw.lastIndexOf(']') && !raw.startsWith("unix:");
                    if (address instanceof BindAddress.Fd || (address instanceof BindAddress.Tcp && !portGiven)) {
                        throw new InvalidValueException(allowed);
                    }
                    return raw;
                },
                HoconValues::quote, Function.identity());
    }

    /** A statsd server: {@code HOST:PORT}, {@code HOST} (port 8125), {@code [IPv6]:PORT} or {@code unix:PATH}. */
    static ValueParser<String> statsdAddress() {
        String allowed = "expected HOST:PORT, HOST (port 8125), [IPv6]:PORT or unix:PATH";
        return new Scalar<>("address", "ADDRESS", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    try {
                        StatsdAddress.parse(raw);
                        return raw;
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(allowed + " (" + e.getMessage() + ")");
                    }
                },
                HoconValues::quote, Function.identity());
    }

    /** An optional value: none by default, HOCON {@code null} clears it. */
    static ValueParser<Optional<String>> optional(ValueParser<String> inner) {
        return new OptionalParser(inner);
    }

    // ---------------------------------------------------------------- lists

    /** A repeatable option whose values accumulate; in HOCON a list or a single string. */
    static ValueParser<List<String>> repeatable(String typeName, ValueParser<String> element, boolean allowEmpty) {
        return new StringList(typeName, element.label(), element.allowed(), ValueParser.Arity.REPEATABLE,
                element, List::of, List::of, allowEmpty);
    }

    /**
     * Class path entries: repeatable, and each value may itself be a {@code :}-separated list.
     * Entries are kept absolute ({@link #path}); {@code DIR/*} stays a wildcard.
     */
    static ValueParser<List<String>> classpath() {
        ValueParser<String> entry = path("PATH", "expected jar files or directories separated by ':',"
                + " without empty entries");
        Function<String, List<String>> split = raw -> Arrays.asList(raw.split(":", -1));
        return new StringList("list of paths", "PATH[:PATH...]", entry.allowed(), ValueParser.Arity.REPEATABLE,
                entry, split, split, true);
    }

    /** Arguments split like a shell command line; in HOCON a string to split or a list taken as it is. */
    static ValueParser<List<String>> shellWords() {
        ValueParser<String> word = text("ARG", "expected arguments without control characters", true);
        Function<String, List<String>> split = raw -> {
            try {
                return ShellWords.split(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("expected arguments split like a shell command line: "
                        + e.getMessage());
            }
        };
        return new StringList("arguments (shell-split)", "ARGS", word.allowed(), ValueParser.Arity.SINGLE,
                word, split, List::of, true);
    }

    // ---------------------------------------------------------------- proxies

    /**
     * IP addresses and CIDR networks, or {@code *}, separated by commas; in HOCON a list or
     * one such string. Empty is the empty list.
     */
    static ValueParser<List<String>> addressList() {
        ValueParser<String> entry = new Scalar<>("address", "ADDRESS", AddressMatcher.ALLOWED, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    if (raw.isEmpty()) {
                        throw new InvalidValueException("an empty entry; " + AddressMatcher.ALLOWED);
                    }
                    try {
                        AddressMatcher.parse(List.of(raw));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(e.getMessage() + "; " + AddressMatcher.ALLOWED);
                    }
                    return raw;
                },
                HoconValues::quote, Function.identity());
        Function<String, List<String>> split = ValueParsers::commaList;
        return new StringList("list of addresses and networks", "ADDRESSES", AddressMatcher.ALLOWED,
                ValueParser.Arity.SINGLE, entry, split, split, true);
    }

    /** Header names (RFC 9110 tokens) or {@code *}, separated by commas. Empty is the empty list. */
    static ValueParser<List<String>> headerNames() {
        String allowed = "expected header names separated by commas, such as SCRIPT_NAME,PATH_INFO, or *";
        ValueParser<String> entry = string("header name", "NAME", allowed, s -> s.equals("*") || isToken(s));
        Function<String, List<String>> split = ValueParsers::commaList;
        return new StringList("list of header names", "NAMES", allowed, ValueParser.Arity.SINGLE, entry, split, split,
                true);
    }

    /** A mount point: empty, or a path that starts with {@code /} and does not end with one. */
    static ValueParser<String> mountPoint() {
        String allowed = "expected empty, or a path that starts with / and does not end with / (such as /app)";
        return string("path", "PATH", allowed, s -> {
            try {
                ProxySettings.checkRootPath(s);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
    }

    /** {@code off}, {@code v1}, {@code v2} or {@code auto}; {@code true} reads as auto and {@code false} as off. */
    static ValueParser<String> proxyProtocolMode() {
        String allowed = "expected off, v1, v2 or auto (true means auto, false off)";
        return new Scalar<>("one of off, v1, v2, auto", "MODE", allowed, ValueParser.Arity.SINGLE,
                (raw, ctx) -> {
                    try {
                        return ProxyProtocolMode.parse(raw).name().toLowerCase(Locale.ROOT);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(allowed);
                    }
                },
                HoconValues::quote, Function.identity());
    }

    /** Header names mapped to values, as a HOCON object: {@code { "X-Forwarded-Proto" = https }}. */
    static ValueParser<Map<String, String>> headerValues() {
        return new HeaderValues();
    }

    private static List<String> commaList(String raw) {
        if (raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
    }

    /** RFC 9110 §5.6.2: a token, one or more tchar. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- implementations

    /** A single value read from text by a function. */
    private static class Scalar<T> implements ValueParser<T> {
        private final String typeName;
        private final String label;
        private final String allowed;
        private final Arity arity;
        private final BiFunction<String, ParseContext, T> parser;
        private final Function<T, String> hocon;
        private final Function<T, String> display;

        Scalar(String typeName, String label, String allowed, Arity arity,
               BiFunction<String, ParseContext, T> parser, Function<T, String> hocon, Function<T, String> display) {
            this.typeName = typeName;
            this.label = label;
            this.allowed = allowed;
            this.arity = arity;
            this.parser = parser;
            this.hocon = hocon;
            this.display = display;
        }

        @Override
        public String typeName() {
            return typeName;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public String allowed() {
            return allowed;
        }

        @Override
        public Arity arity() {
            return arity;
        }

        @Override
        public T parse(String raw, ParseContext context) {
            return parser.apply(raw, context);
        }

        @Override
        public String toHocon(T value) {
            return hocon.apply(value);
        }

        @Override
        public String display(T value) {
            return display.apply(value);
        }
    }

    /**
     * A HOCON object of header names (tokens, unique regardless of case) to values (text
     * without control characters); on a command line, the same object written as HOCON. Kept
     * and rendered in name order, so that a configuration renders the same after a round trip.
     */
    private record HeaderValues() implements ValueParser<Map<String, String>> {
        private static final String ALLOWED = "expected an object of header names to values, such as"
                + " { \"X-Forwarded-Proto\" = https }";

        @Override
        public String typeName() {
            return "map of header name to value";
        }

        @Override
        public String label() {
            return "MAP";
        }

        @Override
        public String allowed() {
            return ALLOWED;
        }

        @Override
        public Arity arity() {
            return Arity.SINGLE;
        }

        @Override
        public Map<String, String> parse(String raw, ParseContext context) {
            ConfigValue value;
            try {
                value = ConfigFactory.parseString("v = " + raw).root().get("v");
            } catch (com.typesafe.config.ConfigException e) {
                throw new InvalidValueException(ALLOWED);
            }
            if (value == null) {
                throw new InvalidValueException(ALLOWED);
            }
            return parse(value, context);
        }

        @Override
        public Map<String, String> parse(ConfigValue value, ParseContext context) {
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new InvalidValueException(ALLOWED);
            }
            Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
                String name = e.getKey();
                if (!isToken(name)) {
                    throw new InvalidValueException("'" + Suggestions.abbreviate(name) + "' is not a header name; "
                            + ALLOWED);
                }
                ConfigValueType type = e.getValue().valueType();
                if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST || type == ConfigValueType.NULL) {
                    throw new InvalidValueException("the value of " + name + " is not text; " + ALLOWED);
                }
                String text = HoconValues.scalarText(e.getValue());
                if (hasControl(text)) {
                    throw new InvalidValueException("the value of " + name + " has a control character; " + ALLOWED);
                }
                if (byName.put(name, text) != null) {
                    throw new InvalidValueException(name + " is given twice; " + ALLOWED);
                }
            }
            return Collections.unmodifiableMap(new TreeMap<>(byName));
        }

        @Override
        public String toHocon(Map<String, String> value) {
            return new TreeMap<>(value).entrySet().stream()
                    .map(e -> HoconValues.quote(e.getKey()) + ": " + HoconValues.quote(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }

        @Override
        public String display(Map<String, String> value) {
            return value.isEmpty() ? "{}" : toHocon(value);
        }
    }

    /** Wraps a string parser; empty means "none". */
    private record OptionalParser(ValueParser<String> inner) implements ValueParser<Optional<String>> {
        @Override
        public String typeName() {
            return inner.typeName();
        }

        @Override
        public String label() {
            return inner.label();
        }

        @Override
        public String allowed() {
            return inner.allowed();
        }

        @Override
        public Arity arity() {
            return inner.arity();
        }

        @Override
        public Optional<String> parse(String raw, ParseContext context) {
            return Optional.of(inner.parse(raw, context));
        }

        @Override
        public Optional<String> parse(ConfigValue value, ParseContext context) {
            return HoconValues.isNull(value) ? Optional.empty() : Optional.of(inner.parse(value, context));
        }

        @Override
        public String toHocon(Optional<String> value) {
            return value.map(inner::toHocon).orElse("null");
        }

        @Override
        public String display(Optional<String> value) {
            return value.map(inner::display).orElse("none");
        }
    }

    /**
     * A list of strings. {@code splitRaw} turns one command-line value into elements;
     * {@code splitHoconElement} does the same for one element of a HOCON list.
     */
    private record StringList(String typeName, String label, String allowed, Arity arity,
                              ValueParser<String> element,
                              Function<String, List<String>> splitRaw,
                              Function<String, List<String>> splitHoconElement,
                              boolean allowEmpty) implements ValueParser<List<String>> {

        @Override
        public List<String> parse(String raw, ParseContext context) {
            return checked(parseAll(splitRaw.apply(raw), context));
        }

        @Override
        public List<String> parse(ConfigValue value, ParseContext context) {
            if (value.valueType() != ConfigValueType.LIST) {
                return parse(HoconValues.scalarText(value), context);
            }
            List<String> result = new ArrayList<>();
            for (ConfigValue item : (ConfigList) value) {
                result.addAll(parseAll(splitHoconElement.apply(HoconValues.scalarText(item)), context));
            }
            return checked(result);
        }

        private List<String> parseAll(List<String> raws, ParseContext context) {
            List<String> result = new ArrayList<>(raws.size());
            for (String raw : raws) {
                result.add(element.parse(raw, context));
            }
            return result;
        }

        private List<String> checked(List<String> values) {
            if (!allowEmpty && values.isEmpty()) {
                throw new InvalidValueException("expected at least one value; " + allowed);
            }
            return List.copyOf(values);
        }

        @Override
        public List<String> combine(List<String> earlier, List<String> later) {
            if (arity != Arity.REPEATABLE) {
                return later;
            }
            List<String> all = new ArrayList<>(earlier);
            all.addAll(later);
            return List.copyOf(all);
        }

        @Override
        public String toHocon(List<String> value) {
            return value.stream().map(HoconValues::quote).collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public String display(List<String> value) {
            return value.isEmpty() ? "none" : String.join(arity == Arity.SINGLE ? " " : ", ", value);
        }
    }
}
