package io.zeroio.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPUs this process may run on, so shard {@code i} is pinned to a CPU that exists in its
 * cpuset. Reads {@code Cpus_allowed_list} from {@code /proc/self/status} (proc(5)); where that
 * is missing (not Linux) it falls back to {@code 0..availableProcessors-1}.
 */
final class CpuSet {
    private CpuSet() {
    }

    /** Allowed CPU numbers, ascending. */
    static int[] allowed() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    final int[] cpus = parseList(line.substring(line.indexOf(':') + 1).trim());
                    if (cpus.length > 0) {
                        return cpus;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: fall back below
        }
        final int n = Runtime.getRuntime().availableProcessors();
        final int[] cpus = new int[n];
        for (int i = 0; i < n; i++) {
            cpus[i] = i;
        }
        return cpus;
    }

    /** The CPU for shard {@code shard}: the allowed CPUs in turn. */
    static int forShard(int shard, int[] allowed) {
        return allowed[shard % allowed.length];
    }

    /** Parses a kernel CPU list such as {@code 0-3,6,8-9}. */
    static int[] parseList(String list) {
        final List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            final String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            final int dash = p.indexOf('-');
            if (dash < 0) {
                cpus.add(Integer.parseInt(p));
            } else {
                final int from = Integer.parseInt(p.substring(0, dash));
                final int to = Integer.parseInt(p.substring(dash + 1));
                for (int c = from; c <= to; c++) {
                    cpus.add(c);
                }
            }
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }
}
