package io.loomicorn.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run was made on, for the report: CPU model, cores, memory, kernel, JDK
 * and the load average (the machine may be shared).
 *
 * @param cpuModel  the CPU's model name
 * @param cores     the processors this JVM sees
 * @param memoryMib total memory
 * @param kernel    the kernel release
 * @param java      the runtime version
 * @param loadAverage the 1-minute load average when sampled
 */
public record MachineInfo(String cpuModel, int cores, long memoryMib, String kernel, String java, double loadAverage) {

    /** Describes this machine now. */
    public static MachineInfo current() {
        String cpu = "unknown CPU";
        String cpuinfo = read("/proc/cpuinfo");
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).strip().replaceAll("\\s+", " ");
                break;
            }
        }
        long mem = 0;
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                mem = Long.parseLong(line.substring(9).trim().split("\\s+")[0]) / 1024;
            }
        }
        String kernel = read("/proc/sys/kernel/osrelease").strip();
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), mem,
                kernel.isEmpty() ? System.getProperty("os.version") : kernel,
                System.getProperty("java.vm.name") + " " + Runtime.version(), loadAverageNow());
    }

    /** The 1-minute load average now, or NaN. */
    public static double loadAverageNow() {
        String s = read("/proc/loadavg").strip();
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One line for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB, Linux %s, %s",
                cpuModel, cores, memoryMib / 1024.0, kernel, java);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
