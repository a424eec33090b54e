package io.loomicorn.worker;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * A child JVM for {@link TenuredGrowthGuardTest}: allocates objects that outlive a small
 * young generation (a ring of 4,096 two-KiB arrays, replaced one by one, as requests in
 * flight are), then prints the old generation's committed size and the full collections.
 * With the argument {@code guard} it installs {@link TenuredGrowthGuard} first.
 */
public final class PromotingLoad {

    private PromotingLoad() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("guard") && TenuredGrowthGuard.install().isEmpty()) {
            System.out.println("no serial old generation");
            return;
        }
        byte[][] ring = new byte[4096][];
        for (int i = 0; i < 400_000; i++) {
            ring[i % ring.length] = new byte[2048];
            if (i % 4096 == 0) {
                Thread.sleep(1); // as a server would, leave the notification thread some time
            }
        }
        long committed = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Tenured Gen"))
                .mapToLong(p -> p.getUsage().getCommitted()).sum();
        long full = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(g -> g.getName().equals("MarkSweepCompact"))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        System.out.println("tenured " + (committed >> 20) + " full " + full + " ring " + ring.length);
    }
}
