package io.loomicorn.master;

import io.loomicorn.internal.JvmFlags;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a master JVM, for everything that starts one other than the
 * {@code loomicorn} launcher: the end-to-end tests, the load benchmarks and the soak. Its
 * options come from the same two java argument files the launcher passes ({@code master.jvm}
 * beside this class, then {@link JvmFlags#required()}), so those all run the master users run.
 */
public final class MasterCommand {

    /** The master's main class; a name, not a class literal, so that this package does not import the root. */
    static final String MAIN_CLASS = "io.loomicorn.Main";

    private static final List<String> TUNING = JvmFlags.read(MasterCommand.class, "master.jvm");

    private MasterCommand() {
    }

    /** Returns the master JVM's options: its tuning ({@code master.jvm}), then the required ones. */
    public static List<String> flags() {
        List<String> flags = new ArrayList<>(TUNING);
        flags.addAll(JvmFlags.required());
        return List.copyOf(flags);
    }

    /**
     * Builds the command that runs the master.
     *
     * @param java      the {@code java} executable
     * @param classPath Loomicorn's class path, e.g. {@code lib/*}
     * @param extraJvm  further JVM options after the master's own (the launcher's
     *                  {@code LOOMICORN_JAVA_OPTS}, e.g. {@code -XX:NativeMemoryTracking=summary})
     * @param args      the {@code loomicorn} arguments
     * @return the command, ready for a {@link ProcessBuilder}
     */
    public static List<String> command(String java, String classPath, List<String> extraJvm, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags());
        cmd.addAll(extraJvm);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(MAIN_CLASS);
        cmd.addAll(args);
        return cmd;
    }
}
