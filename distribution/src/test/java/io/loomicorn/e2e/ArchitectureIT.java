package io.loomicorn.e2e;

import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency rules of {@code docs/architecture.md}, read from the distribution's
 * compiled classes with the class-file API: which package names which, per jar.
 */
class ArchitectureIT {

    /** Package to the io.loomicorn packages its classes name. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();
    /** Jar (artifact name) to the packages it holds. */
    private static final Map<String, Set<String>> JARS = new TreeMap<>();
    /** Package to every package (any) its classes name. */
    private static final Map<String, Set<String>> ALL_USES = new TreeMap<>();

    @BeforeAll
    static void readTheDistribution() throws IOException {
        String cp = LoomicornProcess.classPath();
        Path lib = Path.of(cp.substring(0, cp.length() - 2));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("loomicorn-")).toList()) {
                String artifact = jar.getFileName().toString().replaceFirst("-[0-9].*", "");
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (JarEntry e : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                        ClassModel model = ClassFile.of().parse(file.getInputStream(e).readAllBytes());
                        String pkg = packageOf(model.thisClass().asInternalName());
                        JARS.computeIfAbsent(artifact, k -> new TreeSet<>()).add(pkg);
                        for (PoolEntry entry : model.constantPool()) {
                            if (entry instanceof ClassEntry c) {
                                String used = packageOf(c.asInternalName().replaceFirst("^\\[+L?", ""));
                                if (used.isEmpty()) {
                                    continue; // an array of primitives
                                }
                                ALL_USES.computeIfAbsent(pkg, k -> new TreeSet<>()).add(used);
                                if (used.startsWith("io.loomicorn") && !used.equals(pkg)) {
                                    USES.computeIfAbsent(pkg, k -> new TreeSet<>()).add(used);
                                }
                            }
                        }
                        USES.computeIfAbsent(pkg, k -> new TreeSet<>());
                    }
                }
            }
        }
        assertThat(JARS).containsKeys("loomicorn-api", "loomicorn-server", "loomicorn-worker-sync",
                "loomicorn-worker-vthread", "loomicorn-worker-reactor");
    }

    @Test
    void thereIsNoCycleBetweenPackages() {
        assertThat(cycles()).as("package cycles").isEmpty();
    }

    @Test
    void theApiJarNamesOnlyItselfAndTheJdk() {
        Set<String> api = JARS.get("loomicorn-api");
        for (String pkg : api) {
            for (String used : ALL_USES.getOrDefault(pkg, Set.of())) {
                assertThat(used.startsWith("java") || api.contains(used))
                        .as("%s (loomicorn-api) names %s", pkg, used).isTrue();
            }
        }
    }

    @Test
    void theParserAndTheCodecDoNotKnowTheAppApi() {
        for (String pkg : List.of("io.loomicorn.http.parser", "io.loomicorn.http.codec")) {
            assertThat(USES.get(pkg)).as(pkg).doesNotContain("io.loomicorn.app", "io.loomicorn.engine");
        }
    }

    @Test
    void workerClassesUseTheApiJarAndNothingElseOfLoomicorn() {
        Set<String> api = JARS.get("loomicorn-api");
        for (String jar : List.of("loomicorn-worker-sync", "loomicorn-worker-vthread", "loomicorn-worker-reactor")) {
            for (String pkg : JARS.get(jar)) {
                for (String used : USES.getOrDefault(pkg, Set.of())) {
                    assertThat(api.contains(used) || JARS.get(jar).contains(used))
                            .as("%s (%s) names %s", pkg, jar, used).isTrue();
                }
            }
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    /** Tarjan's strongly connected components of size above one. */
    private static List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String v : USES.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : USES.getOrDefault(v, Set.of())) {
            if (!USES.containsKey(w)) {
                continue;
            }
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
