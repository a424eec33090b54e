package io.loomicorn.linkage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.loomicorn.linkage.LinkageCheck.Scope.ALL;
import static io.loomicorn.linkage.LinkageCheck.Scope.REACHABLE;
import static org.assertj.core.api.Assertions.assertThat;

class LinkageCheckTest {

    private static final String DEPENDENCY = """
            package com.missing;
            public final class Dependency {
                public static String greeting() { return "hi"; }
            }
            """;

    @TempDir
    Path work;

    private JavaSources javac;
    private Path stub;

    private Path stub() throws IOException {
        if (stub == null) {
            stub = javac().compile("stub", List.of(), DEPENDENCY);
        }
        return stub;
    }

    private JavaSources javac() {
        if (javac == null) {
            javac = new JavaSources(work);
        }
        return javac;
    }

    @Test
    void findsAClassThatOnlyARequestHandlerNeeds() throws IOException {
        Path app = javac().compile("app", List.of(stub()), """
                package demo;
                public final class App {
                    public String handle() { return com.missing.Dependency.greeting(); }
                }
                """);
        LinkageCheck.Report report = check("demo.App", List.of(app.toString()), REACHABLE, app);
        assertThat(report.problem()).hasValue("class com.missing.Dependency is missing from the classpath"
                + " (referenced by demo.App in " + app.toRealPath() + ")");
        assertThat(report.classesRead()).isEqualTo(1);
    }

    @Test
    void passesWhenTheDependencyIsDeployed() throws IOException {
        Path app = javac().compile("app", List.of(stub()), """
                package demo;
                public final class App {
                    public String handle() { return com.missing.Dependency.greeting() + java.time.Instant.now(); }
                }
                """);
        Path lib = JavaSources.jar(stub(), work.resolve("lib/dependency.jar"));
        LinkageCheck.Report report = check("demo.App", List.of(app.toString(), lib.toString()), REACHABLE, app, lib);
        assertThat(report.missing()).isEmpty();
        assertThat(report.problem()).isEmpty();
        assertThat(report.lookups()).isGreaterThanOrEqualTo(3); // Object, String, Instant, Dependency...
    }

    @Test
    void followsTheApplicationsOwnClassesAndNamesTheOneThatNeedsTheMissingClass() throws IOException {
        Path app = javac().compile("app", List.of(stub()), """
                package demo;
                public final class App {
                    private final Service service = new Service();
                    public String handle() { return service.run(); }
                }
                """, """
                package demo;
                final class Service {
                    String run() { return new Helper().greet(); }
                }
                """, """
                package demo;
                final class Helper {
                    String greet() { return com.missing.Dependency.greeting(); }
                }
                """);
        LinkageCheck.Report report = check("demo.App", List.of(app.toString()), REACHABLE, app);
        assertThat(report.missing()).extracting(MissingClass::missing, MissingClass::referrer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("com.missing.Dependency", "demo.Helper"));
        assertThat(report.classesRead()).isEqualTo(3);
    }

    @Test
    void ownClassesThatTheApplicationNeverNamesCountOnlyWithScopeAll() throws IOException {
        Path app = javac().compile("app", List.of(stub()), """
                package demo;
                public final class App {
                    public String handle() { return "ok"; }
                }
                """, """
                package demo;
                public final class AppTest {
                    void test() { com.missing.Dependency.greeting(); }
                }
                """);
        assertThat(check("demo.App", List.of(app.toString()), REACHABLE, app).problem()).isEmpty();
        assertThat(check("demo.App", List.of(app.toString()), ALL, app).problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("class com.missing.Dependency is missing")
                        .contains("referenced by demo.AppTest"));
    }

    @Test
    void aDependencyJarThatNamesAnOptionalClassItNeverUsesDoesNotCount() throws IOException {
        // A logging library with an optional backend, which it names but uses only when present.
        Path backend = javac().compile("backend", List.of(), """
                package org.backend;
                public final class Backend {
                    public static void write(String s) { }
                }
                """);
        Path libClasses = javac().compile("libclasses", List.of(backend), """
                package org.lib;
                public final class Log {
                    private static final boolean BACKEND = Log.class.getClassLoader().getResource("org/backend/Backend.class") != null;
                    public static void info(String s) {
                        if (BACKEND) { org.backend.Backend.write(s); } else { System.err.println(s); }
                    }
                }
                """);
        Path lib = JavaSources.jar(libClasses, work.resolve("lib/log.jar"));
        Path app = javac().compile("app", List.of(lib), """
                package demo;
                public final class App {
                    public String handle() { org.lib.Log.info("hello"); return "ok"; }
                }
                """);
        List<String> classpath = List.of(app.toString(), work.resolve("lib") + "/*");
        assertThat(check("demo.App", classpath, REACHABLE, app, lib).problem()).isEmpty();
        assertThat(check("demo.App", classpath, ALL, app, lib).problem()).isEmpty();
    }

    @Test
    void theApplicationsJarUnderADirectoryWildcardIsItsOwnCodeAndTheOtherJarsAreNot() throws IOException {
        Path appClasses = javac().compile("appclasses", List.of(stub()), """
                package demo;
                public final class App {
                    public String handle() { return com.missing.Dependency.greeting(); }
                }
                """);
        Path optional = javac().compile("libclasses", List.of(stub()), """
                package org.lib;
                public final class Optional {
                    public String maybe() { return com.missing.Dependency.greeting(); }
                }
                """);
        Path appJar = JavaSources.jar(appClasses, work.resolve("lib/app.jar"));
        Path libJar = JavaSources.jar(optional, work.resolve("lib/a-library.jar"));
        List<String> classpath = List.of(work.resolve("lib") + "/*");
        LinkageCheck.Report report = check("demo.App", classpath, ALL, libJar, appJar);
        assertThat(report.missing()).extracting(MissingClass::referrer).containsExactly("demo.App");
        assertThat(report.missing().getFirst().where()).isEqualTo(appJar.toRealPath());
    }

    @Test
    void anApplicationClassFromOutsideTheClasspathSettingIsNotRead() throws IOException {
        Path app = javac().compile("app", List.of(stub()), """
                package demo;
                public final class App {
                    public String handle() { return com.missing.Dependency.greeting(); }
                }
                """);
        // As for Loomicorn's bundled examples: the class comes from the server's own class path.
        LinkageCheck.Report report = check("demo.App", List.of(), REACHABLE, app);
        assertThat(report.classesRead()).isZero();
        assertThat(report.problem()).isEmpty();
    }

    @Test
    void typesThatAppearOnlyInDescriptorsAndArraysCount() throws IOException {
        Path stubs = javac().compile("stubs", List.of(), """
                package com.missing;
                public final class FieldType { }
                """, """
                package com.missing;
                public final class ParameterType { }
                """, """
                package com.missing;
                public final class Element { }
                """);
        Path app = javac().compile("app", List.of(stubs), """
                package demo;
                public final class App {
                    private com.missing.FieldType unused;
                    public void take(com.missing.ParameterType p) { }
                    public int size() { return new com.missing.Element[0].length; }
                }
                """);
        LinkageCheck.Report report = check("demo.App", List.of(app.toString()), REACHABLE, app);
        assertThat(report.missing()).extracting(MissingClass::missing)
                .containsExactly("com.missing.Element", "com.missing.FieldType", "com.missing.ParameterType");
        assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("class com.missing.Element is missing").endsWith("; 2 more missing classes"));
    }

    @Test
    void aMissingAnnotationDoesNotCountBecauseTheJvmIgnoresIt() throws IOException {
        Path stubs = javac().compile("stubs", List.of(), """
                package com.missing;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface Nullable { }
                """);
        Path app = javac().compile("app", List.of(stubs), """
                package demo;
                @com.missing.Nullable
                public final class App {
                    public @com.missing.Nullable String handle(@com.missing.Nullable String s) { return s; }
                }
                """);
        assertThat(check("demo.App", List.of(app.toString()), REACHABLE, app).problem()).isEmpty();
    }

    @Test
    void theFirstMissingClassIsChosenByNameSoThatTheLineNeverChanges() throws IOException {
        Path stubs = javac().compile("stubs", List.of(), """
                package com.missing;
                public final class Zeta { public static void z() { } }
                """, """
                package com.missing;
                public final class Alpha { public static void a() { } }
                """);
        Path app = javac().compile("app", List.of(stubs), """
                package demo;
                public final class App {
                    public void handle() { com.missing.Zeta.z(); new demo.B().b(); new demo.A().a(); }
                }
                """, """
                package demo;
                final class B { void b() { com.missing.Alpha.a(); } }
                """, """
                package demo;
                final class A { void a() { com.missing.Zeta.z(); } }
                """);
        LinkageCheck.Report report = check("demo.App", List.of(app.toString()), REACHABLE, app);
        assertThat(report.missing()).extracting(MissingClass::referrer, MissingClass::missing).containsExactly(
                org.assertj.core.groups.Tuple.tuple("demo.A", "com.missing.Zeta"),
                org.assertj.core.groups.Tuple.tuple("demo.App", "com.missing.Zeta"),
                org.assertj.core.groups.Tuple.tuple("demo.B", "com.missing.Alpha"));
        assertThat(report.problem()).hasValue("class com.missing.Zeta is missing from the classpath (referenced by"
                + " demo.A in " + app.toRealPath() + "); 1 more missing class");
    }

    @Test
    void loadsAndInitialisesNothing() throws IOException {
        Path app = javac().compile("app", List.of(), """
                package demo;
                public final class App {
                    static { System.setProperty("linkage.test.initialised", "yes"); }
                    public String handle() { return new Helper().toString(); }
                }
                """, """
                package demo;
                final class Helper { static { System.setProperty("linkage.test.initialised", "helper"); } }
                """);
        Set<String> loaded = ConcurrentHashMap.newKeySet();
        try (URLClassLoader loader = new URLClassLoader("app", new java.net.URL[] {app.toUri().toURL()},
                ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            LinkageCheck.Report report = LinkageCheck.run("demo.App", List.of(app.toString()), loader, REACHABLE);
            assertThat(report.classesRead()).isEqualTo(2);
            assertThat(report.problem()).isEmpty();
        }
        assertThat(loaded).isEmpty();
        assertThat(System.getProperty("linkage.test.initialised")).isNull();
    }

    @Test
    void skipsAClassFileThatIsNotOne() throws IOException {
        Path app = javac().compile("app", List.of(), """
                package demo;
                public final class App {
                    public String handle() { return new Broken().toString(); }
                }
                """, """
                package demo;
                final class Broken { }
                """);
        Files.write(app.resolve("demo/Broken.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2});
        LinkageCheck.Report report = check("demo.App", List.of(app.toString()), REACHABLE, app);
        assertThat(report.problem()).isEmpty();
        assertThat(report.classesRead()).isEqualTo(1);
    }

    private static LinkageCheck.Report check(String appClass, List<String> classpath, LinkageCheck.Scope scope,
                                             Path... loaderEntries) throws IOException {
        try (URLClassLoader loader = JavaSources.loader(loaderEntries)) {
            LinkageCheck.Report first = LinkageCheck.run(appClass, classpath, loader, scope);
            LinkageCheck.Report again = LinkageCheck.run(appClass, classpath, loader, scope);
            assertThat(again.missing()).as("deterministic").isEqualTo(first.missing());
            return first;
        }
    }
}
