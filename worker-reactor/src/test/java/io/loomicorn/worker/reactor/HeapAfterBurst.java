package io.loomicorn.worker.reactor;

import java.util.ArrayList;
import java.util.List;

/**
 * Grows its heap with {@code args[0]} MiB of live arrays, drops them, asks for one full
 * collection and prints the heap the JVM then keeps committed, in MiB: what a worker keeps
 * once a burst (of connections, of large requests) is over.
 */
public final class HeapAfterBurst {

    private HeapAfterBurst() {
    }

    /**
     * Runs the burst.
     *
     * @param args the MiB to allocate
     */
    public static void main(String[] args) {
        int mib = Integer.parseInt(args[0]);
        List<byte[]> live = new ArrayList<>();
        for (int i = 0; i < mib * 16; i++) {
            live.add(new byte[64 * 1024]);
        }
        System.out.println("grown to " + (Runtime.getRuntime().totalMemory() >> 20) + " MiB by " + live.size() + " arrays");
        live = null;
        System.gc();
        System.out.println("committed " + (Runtime.getRuntime().totalMemory() >> 20));
    }
}
