package io.loomicorn.logging;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;
import org.apache.logging.log4j.core.config.plugins.util.PluginRegistry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shows log4j, while the server's logger context is made, a plugin index that holds only
 * the lookup plugins.
 *
 * <p>Making a {@code LoggerContext} makes two log4j configurations (the class's
 * {@code NullConfiguration} and the context's first {@code DefaultConfiguration}), and each
 * makes an {@code Interpolator}, which asks log4j's plugin registry for the lookups. The
 * registry reads the plugin index ({@code Log4j2Plugins.dat}) and loads the class of every
 * plugin it names, of every category: some 240 classes, of which those two configurations
 * use the 15 lookups. log4j finds the index through the thread's context class loader;
 * this loader, set there for the moment, answers with the lookups' part of it. Then the
 * registry is emptied, so that every later configuration (a {@code logconfig} file, the
 * application's own log4j) reads the whole index, as it would have.
 */
final class LookupOnlyPluginIndex extends ClassLoader {

    private static final String LOOKUP = "lookup";

    private final URL index;

    private LookupOnlyPluginIndex(ClassLoader parent, byte[] index) {
        super(parent);
        this.index = url(index);
    }

    /**
     * Runs an action with this index in place of the whole one, then empties log4j's
     * plugin registry. If the index cannot be read, the action runs as it would have.
     *
     * @param action what makes the log4j objects
     * @param <T>    what it returns
     * @return what the action returned
     */
    static <T> T during(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader parent = previous != null ? previous : LookupOnlyPluginIndex.class.getClassLoader();
        byte[] lookups;
        try {
            lookups = lookupsOnly(parent);
        } catch (IOException | UncheckedIOException e) {
            return action.get();
        }
        thread.setContextClassLoader(new LookupOnlyPluginIndex(parent, lookups));
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
            PluginRegistry.getInstance().clear();
        }
    }

    /** Reads the class path's plugin indexes and writes the lookups' part as one index. */
    static byte[] lookupsOnly(ClassLoader loader) throws IOException {
        PluginCache all = new PluginCache();
        all.loadCacheFiles(loader.getResources(PluginProcessor.PLUGIN_CACHE_FILE));
        PluginCache kept = new PluginCache();
        Map<String, PluginEntry> lookups = all.getAllCategories().get(LOOKUP);
        if (lookups == null || lookups.isEmpty()) {
            throw new IOException("no lookup plugins in the plugin index");
        }
        kept.getCategory(LOOKUP).putAll(lookups);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        kept.writeCache(out);
        return out.toByteArray();
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return PluginProcessor.PLUGIN_CACHE_FILE.equals(name) ? Collections.enumeration(java.util.List.of(index))
                : super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        return PluginProcessor.PLUGIN_CACHE_FILE.equals(name) ? index : super.getResource(name);
    }

    private static URL url(byte[] bytes) {
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                        connected = true;
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(bytes);
                    }
                };
            }
        };
        try {
            return URL.of(URI.create("loomicorn:log4j-lookup-plugins.dat"), handler);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
