package io.loomicorn.master;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Prints {@code NAME=VALUE} for each HotSpot option named on its command line, as the JVM
 * running it has it: what a JVM started with Loomicorn's options makes of them.
 */
public final class PrintVmOptions {

    private PrintVmOptions() {
    }

    public static void main(String[] args) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String name : args) {
            System.out.println(name + "=" + vm.getVMOption(name).getValue());
        }
    }
}
