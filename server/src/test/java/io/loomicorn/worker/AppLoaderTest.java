package io.loomicorn.worker;

import io.loomicorn.app.App;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way an application name can fail gives one clear line. */
class AppLoaderTest {

    private static final ClassLoader LOADER = AppLoaderTest.class.getClassLoader();
    private static final String HERE = AppLoaderTest.class.getName();

    /** A good app with a public no-argument constructor. */
    public static final class Good implements App {
        public Good() {
        }

        @Override
        public void handle(io.loomicorn.app.Request request, io.loomicorn.app.Response response) {
        }
    }

    /** Members that yield apps, or not. */
    public static final class Holder {
        public static final App APP = new Good();
        public static final String NOT_AN_APP = "text";
        public static final App NOTHING = null;

        private Holder() {
        }

        public static App create() {
            return new Good();
        }

        public static App explode() {
            throw new IllegalArgumentException("no database");
        }
    }

    /** A constructor that throws. */
    public static final class Throws implements App {
        public Throws() {
            throw new IllegalStateException("boom");
        }

        @Override
        public void handle(io.loomicorn.app.Request request, io.loomicorn.app.Response response) {
        }
    }

    /** No public no-argument constructor. */
    public static final class NeedsArgs implements App {
        public NeedsArgs(String s) {
        }

        @Override
        public void handle(io.loomicorn.app.Request request, io.loomicorn.app.Response response) {
        }
    }

    /** A static initialiser that fails. */
    public static final class BadStatic {
        public static final App APP;

        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("config missing");
            }
            APP = null;
        }

        private BadStatic() {
        }
    }

    @Test
    void loadsAClassAFieldAndAMethod() throws Exception {
        assertThat(AppLoader.load(HERE + "$Good", LOADER)).isInstanceOf(Good.class);
        assertThat(AppLoader.load(HERE + "$Holder:APP", LOADER)).isInstanceOf(Good.class);
        assertThat(AppLoader.load(HERE + "$Holder:create", LOADER)).isInstanceOf(Good.class);
    }

    @Test
    void eachFailureIsOneLine() {
        expect("com.nope.Missing", "Application class com.nope.Missing was not found on the classpath");
        expect(HERE + "$Holder:nope", HERE + "$Holder has no public static field or no-argument method named 'nope'");
        expect(HERE + "$Holder:NOT_AN_APP", HERE + "$Holder.NOT_AN_APP is a java.lang.String, not an io.loomicorn.app.App");
        expect(HERE + "$Holder:NOTHING", HERE + "$Holder.NOTHING is null, not an io.loomicorn.app.App");
        expect(HERE + "$Holder:explode", HERE + "$Holder.explode() threw java.lang.IllegalArgumentException: no database");
        expect(HERE + "$Throws", "new " + HERE + "$Throws() threw java.lang.IllegalStateException: boom");
        expect(HERE + "$NeedsArgs", HERE + "$NeedsArgs has no public no-argument constructor");
        expect(HERE + "$Holder", HERE + "$Holder does not implement io.loomicorn.app.App; name a class that does,"
                + " or CLASS:MEMBER for a field or method that yields one");
        expect(HERE + "$BadStatic:APP", "Initialising " + HERE + "$BadStatic failed: java.lang.IllegalStateException: config missing");
        expect(HERE + "$Good:", "Bad application name '" + HERE + "$Good:': expected CLASS or CLASS:MEMBER");
        expect("", "No application specified: name one, e.g. io.loomicorn.examples.DemoApp");
    }

    @Test
    void aClassThatIsNoAppIsOfferedToTheAdaptersHighestPriorityFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createFile(dir.resolve("a.jar"));
        java.nio.file.Files.createFile(dir.resolve("b.JAR"));
        java.nio.file.Files.createFile(dir.resolve("notes.txt"));
        io.loomicorn.config.Config config = io.loomicorn.config.Config.defaults().with(
                io.loomicorn.config.Settings.WSGI_APP, java.util.Optional.of(TestAdapters.class.getName() + "$Other"))
                .with(io.loomicorn.config.Settings.CLASSPATH, java.util.List.of(dir + "/*", "classes"));
        App app = AppLoader.load(config, LOADER);
        assertThat(app).isInstanceOf(TestAdapters.Adapted.class);
        TestAdapters.Adapted adapted = (TestAdapters.Adapted) app;
        assertThat(adapted.by()).isEqualTo("greeting");
        assertThat(adapted.context().classLoader()).isSameAs(LOADER);
        assertThat(adapted.context().settings().value("workers")).isEqualTo(1);
        assertThat(adapted.context().classpath()).containsExactly(dir.resolve("a.jar"), dir.resolve("b.JAR"),
                java.nio.file.Path.of("classes").toAbsolutePath());
        assertThat(((TestAdapters.Adapted) AppLoader.load(TestAdapters.class.getName() + "$Greeter", LOADER)).type())
                .isEqualTo(TestAdapters.Greeter.class);
    }

    @Test
    void anAdapterThatFailsOrExplainsGivesOneLine() {
        expect(TestAdapters.class.getName() + "$Broken", "Starting " + TestAdapters.class.getName()
                + "$Broken failed: java.lang.IllegalStateException: the broken class cannot start");
        expect("shop.war", "shop.war is a WAR, which this adapter does not read");
    }

    private static void expect(String spec, String message) {
        assertThatThrownBy(() -> AppLoader.load(spec, LOADER)).isInstanceOf(AppLoadException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
