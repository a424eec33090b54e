package io.loomicorn.deploy;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.master.WorkerHeap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: the Kubernetes base in {@code deploy/kubernetes/base} keeps its promises against
 * the configuration it ships ({@code loomicorn.conf}, mounted from a ConfigMap). The manifests
 * are rendered by {@code kubectl kustomize} when {@code kubectl} is installed, and otherwise
 * assembled from the kustomization's own list of resources; the YAML is read with SnakeYAML.
 * Raising {@code graceful_timeout} past what {@code terminationGracePeriodSeconds} covers, or
 * adding workers that the memory limit cannot hold, fails this test and so the build.
 */
class KubernetesManifestsTest {

    /** Seconds the master needs after {@code graceful_timeout} to kill stragglers and exit. */
    private static final int MARGIN_SECONDS = 5;
    private static final long MIB = 1024 * 1024;
    private static final Path BASE = root().resolve("deploy/kubernetes/base");

    /** The documents of the base, and the configuration text its ConfigMap carries. */
    private record Manifests(Map<String, Object> deployment, Map<String, Object> service, Map<String, Object> budget,
                             String config) {
    }

    @Test
    void theGracePeriodCoversThePreStopPauseTheGracefulTimeoutAndAMargin() throws Exception {
        Manifests m = manifests();
        checkGracePeriod(m, Config.fromHocon(m.config()));
    }

    @Test
    void aGracefulTimeoutThatOutgrowsTheGracePeriodIsCaught() throws Exception {
        Manifests m = manifests();
        Config longer = Config.fromHocon(m.config().replaceAll("(?m)^graceful_timeout = \\d+$", "graceful_timeout = 40"));
        assertThat(longer.get(Settings.GRACEFUL_TIMEOUT)).isEqualTo(40);
        assertThatThrownBy(() -> checkGracePeriod(m, longer)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("terminationGracePeriodSeconds");
    }

    @Test
    void theProbesAskTheAdminEndpointOfTheShippedConfigAndTheContainerExposesItsPorts() throws Exception {
        Manifests m = manifests();
        Config config = Config.fromHocon(m.config());
        Map<String, Object> container = container(m);
        int admin = port(config.get(Settings.ADMIN_BIND).orElseThrow(() -> new AssertionError("admin_bind is off")));
        int http = port(config.get(Settings.BIND).getFirst());
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (Map<String, Object> p : list(container, "ports")) {
            ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        }
        assertThat(ports).containsEntry("admin", admin).containsEntry("http", http);
        assertThat(probe(container, "startupProbe")).containsEntry("path", "/readyz").containsEntry("port", "admin");
        assertThat(probe(container, "readinessProbe")).containsEntry("path", "/readyz").containsEntry("port", "admin");
        assertThat(probe(container, "livenessProbe")).containsEntry("path", "/livez").containsEntry("port", "admin");
        List<Map<String, Object>> mounts = list(container, "volumeMounts");
        assertThat(mounts).as("the ConfigMap is mounted where the image reads its config")
                .anySatisfy(v -> assertThat(v).containsEntry("mountPath", "/etc/loomicorn"));
    }

    @Test
    void memoryRequestsEqualLimitsAndTheHeapRuleGivesEachWorkerMoreThanTheFloor() throws Exception {
        Manifests m = manifests();
        checkMemory(m, Config.fromHocon(m.config()));
        Config crowded = Config.fromHocon(m.config().replaceAll("(?m)^workers = \\d+$", "workers = 8"));
        assertThatThrownBy(() -> checkMemory(m, crowded)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("heap");
    }

    @Test
    void theServiceAndTheDisruptionBudgetSelectTheDeploymentsPodsAndRollsKeepCapacity() throws Exception {
        Manifests m = manifests();
        Map<String, Object> podLabels = map(map(map(m.deployment(), "spec"), "template"), "metadata");
        Map<String, Object> labels = map(podLabels, "labels");
        assertThat(labels).containsAllEntriesOf(map(map(map(m.deployment(), "spec"), "selector"), "matchLabels"));
        assertThat(labels).containsAllEntriesOf(map(map(m.service(), "spec"), "selector"));
        assertThat(labels).containsAllEntriesOf(map(map(map(m.budget(), "spec"), "selector"), "matchLabels"));
        int replicas = (Integer) map(m.deployment(), "spec").get("replicas");
        Object maxUnavailable = map(m.budget(), "spec").get("maxUnavailable");
        assertThat(maxUnavailable).as("the budget leaves pods serving").isInstanceOf(Integer.class);
        assertThat((Integer) maxUnavailable).isBetween(1, replicas - 1);
        assertThat(map(map(map(m.deployment(), "spec"), "strategy"), "rollingUpdate"))
                .as("a rollout adds a pod before it removes one").containsEntry("maxUnavailable", 0);
        List<Map<String, Object>> servicePorts = list(map(m.service(), "spec"), "ports");
        assertThat(servicePorts).as("the admin port, which has no authentication, stays off the Service")
                .allSatisfy(p -> assertThat(p.get("targetPort")).isEqualTo("http"));
    }

    @Test
    void kustomizeRendersThePodAsTheFilesSayIt() {
        java.util.Optional<String> kubectl = kubectl();
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed");
        Map<String, Object> rendered = map(map(only(render(kubectl.get()), "Deployment"), "spec"), "template");
        Map<String, Object> assembled = map(map(only(assemble(), "Deployment"), "spec"), "template");
        // kustomize only renames the generated ConfigMap (a hash of its content) where the volumes name it
        Map<String, Object> withoutVolumes = new java.util.HashMap<>(map(rendered, "spec"));
        withoutVolumes.remove("volumes");
        Map<String, Object> expected = new java.util.HashMap<>(map(assembled, "spec"));
        expected.remove("volumes");
        assertThat(withoutVolumes).as("the pod, with or without kustomize").isEqualTo(expected);
    }

    // ---------------------------------------------------------------- the invariants

    private static void checkGracePeriod(Manifests m, Config config) {
        Map<String, Object> pod = map(map(m.deployment(), "spec"), "template");
        int grace = (Integer) map(pod, "spec").get("terminationGracePeriodSeconds");
        int pause = preStopSeconds(container(m));
        int graceful = config.get(Settings.GRACEFUL_TIMEOUT);
        assertThat(grace).as("terminationGracePeriodSeconds (%d) >= preStop pause (%d) + graceful_timeout (%d) + %d s",
                grace, pause, graceful, MARGIN_SECONDS).isGreaterThanOrEqualTo(pause + graceful + MARGIN_SECONDS);
    }

    private static void checkMemory(Manifests m, Config config) {
        Map<String, Object> resources = map(container(m), "resources");
        long limit = bytes(map(resources, "limits").get("memory"));
        long request = bytes(map(resources, "requests").get("memory"));
        assertThat(request).as("memory request = limit, so the pod gets what the heap rule budgets").isEqualTo(limit);
        int workers = config.get(Settings.WORKERS);
        long heap = WorkerHeap.heapBytes(limit, workers);
        assertThat(heap).as("each of %d workers' heap in a %d MiB limit (the floor is %d MiB)", workers, limit / MIB,
                WorkerHeap.MIN_HEAP / MIB).isGreaterThan(WorkerHeap.MIN_HEAP);
    }

    /** The seconds of a {@code sleep N} or {@code sleep: {seconds: N}} preStop hook. */
    private static int preStopSeconds(Map<String, Object> container) {
        Map<String, Object> preStop = map(map(container, "lifecycle"), "preStop");
        if (preStop.get("sleep") instanceof Map<?, ?> sleep) {
            return (Integer) sleep.get("seconds");
        }
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) map(preStop, "exec").get("command");
        assertThat(command).as("the preStop hook is a pause").hasSize(2).first().isEqualTo("sleep");
        return Integer.parseInt(command.get(1));
    }

    private static Map<String, Object> probe(Map<String, Object> container, String name) {
        return map(map(container, name), "httpGet");
    }

    private static Map<String, Object> container(Manifests m) {
        List<Map<String, Object>> containers = list(map(map(map(m.deployment(), "spec"), "template"), "spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** A Kubernetes memory quantity: {@code 1Gi}, {@code 512Mi}, {@code 1G}, or bytes. */
    static long bytes(Object quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(String.valueOf(quantity));
        assertThat(m.matches()).as("a memory quantity: %s", quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return n * switch (unit) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
    }

    // ---------------------------------------------------------------- reading the base

    private static Manifests manifests() throws Exception {
        List<Map<String, Object>> docs = kubectl().map(KubernetesManifestsTest::render).orElseGet(KubernetesManifestsTest::assemble);
        Map<String, Object> deployment = only(docs, "Deployment");
        String config = (String) map(only(docs, "ConfigMap"), "data").get("loomicorn.conf");
        assertThat(config).as("the ConfigMap carries loomicorn.conf").isNotNull();
        return new Manifests(deployment, only(docs, "Service"), only(docs, "PodDisruptionBudget"), config);
    }

    /** {@code kubectl kustomize}: kustomize as users run it. */
    private static List<Map<String, Object>> render(String kubectl) {
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", BASE.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize: %s", out).isZero();
            System.out.println("KubernetesManifestsTest: rendered with " + kubectl + " kustomize");
            return yaml(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Without kustomize: the kustomization's resources, and a ConfigMap from its generator's files. */
    private static List<Map<String, Object>> assemble() {
        try {
            Map<String, Object> kustomization = yaml(Files.readString(BASE.resolve("kustomization.yaml"))).getFirst();
            List<Map<String, Object>> docs = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) kustomization.get("resources");
            for (String r : resources) {
                docs.addAll(yaml(Files.readString(BASE.resolve(r))));
            }
            for (Map<String, Object> generator : list(kustomization, "configMapGenerator")) {
                @SuppressWarnings("unchecked")
                List<String> files = (List<String>) generator.get("files");
                Map<String, Object> data = new java.util.LinkedHashMap<>();
                for (String f : files) {
                    data.put(f, Files.readString(BASE.resolve(f)));
                }
                docs.add(Map.of("kind", "ConfigMap", "metadata", Map.of("name", generator.get("name")), "data", data));
            }
            System.out.println("KubernetesManifestsTest: kubectl not found; assembled the base from kustomization.yaml");
            return docs;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.Optional<String> kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("one %s in the base", kind).hasSize(1);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as("%s in %s", key, parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertThat(child).as("%s in %s", key, parent.keySet()).isInstanceOf(List.class);
        return (List<Map<String, Object>>) child;
    }

    private static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        return root;
    }
}
