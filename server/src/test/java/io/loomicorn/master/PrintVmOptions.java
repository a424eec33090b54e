package io.loomicorn.master;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * Prints {@code NAME=VALUE ORIGIN} for each HotSpot option named on its command line, as the
 * JVM running it has it (a list option's lines joined with {@code ;}; the origin says whether
 * the command line set it): what a JVM started with Loomicorn's options makes of them.
 */
public final class PrintVmOptions {

    private PrintVmOptions() {
    }

    public static void main(String[] args) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String name : args) {
            VMOption option = vm.getVMOption(name);
            System.out.println(name + "=" + option.getValue().replace('\n', ';') + " " + option.getOrigin());
        }
    }
}
