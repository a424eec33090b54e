package io.loomicorn.http.parser;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads request vectors: {@code NAME.http} (raw bytes) and {@code NAME.json} (expectation). */
final class Vectors {

    /** One vector. */
    record Vector(String name, boolean valid, byte[] bytes, Config expectation) {
        @Override
        public String toString() {
            return (valid ? "valid/" : "invalid/") + name;
        }
    }

    private Vectors() {
    }

    /** Returns the directory of our own corpus (test resources). */
    static Path ourCorpus() {
        URL url = Vectors.class.getResource("/requests");
        if (url == null) {
            throw new IllegalStateException("test resource /requests is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns every vector of {@code root/valid} and {@code root/invalid}, sorted by name. */
    static List<Vector> load(Path root) {
        List<Vector> out = new ArrayList<>();
        out.addAll(load(root.resolve("valid"), true));
        out.addAll(load(root.resolve("invalid"), false));
        return out;
    }

    static List<Vector> load(Path dir, boolean valid) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> https = files.filter(p -> p.getFileName().toString().endsWith(".http")).sorted().toList();
            List<Vector> out = new ArrayList<>();
            for (Path http : https) {
                String file = http.getFileName().toString();
                String name = file.substring(0, file.length() - 5);
                Path json = http.resolveSibling(name + ".json");
                Config exp = ConfigFactory.parseString(Files.readString(json, StandardCharsets.UTF_8),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription(json.toString()));
                out.add(new Vector(name, valid, Files.readAllBytes(http), exp));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the parser configuration of a vector of our corpus from its {@code settings}. */
    static ParserConfig config(Config expectation) {
        ParserConfig c = ParserConfig.defaults();
        if (!expectation.hasPath("settings")) {
            return c;
        }
        Config s = expectation.getConfig("settings");
        for (String key : s.root().keySet()) {
            c = switch (key) {
                case "limitRequestLine" -> c.withLimitRequestLine(s.getInt(key));
                case "limitRequestFields" -> c.withLimitRequestFields(s.getInt(key));
                case "limitRequestFieldSize" -> c.withLimitRequestFieldSize(s.getInt(key));
                case "limitRequestBody" -> c.withLimitRequestBody(s.getLong(key));
                case "permitObsoleteFolding" -> c.withPermitObsoleteFolding(s.getBoolean(key));
                case "permitUnconventionalHttpMethod" -> c.withPermitUnconventionalHttpMethod(s.getBoolean(key));
                case "permitUnconventionalHttpVersion" -> c.withPermitUnconventionalHttpVersion(s.getBoolean(key));
                case "casefoldHttpMethod" -> c.withCasefoldHttpMethod(s.getBoolean(key));
                case "headerMap" -> c.withHeaderMap(ParserConfig.HeaderMap.valueOf(s.getString(key)));
                default -> throw new IllegalArgumentException("unknown setting " + key);
            };
        }
        return c;
    }
}
