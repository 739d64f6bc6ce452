package io.usageanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU and memory from Linux's /proc: who used the machine's cores during a measurement (the service, PostgreSQL,
 * the benchmark's own client, everything else), the profile that says what limits a number.
 */
final class ProcStat {

    /** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double HZ = 100.0;

    private ProcStat() {
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds of a process and all its direct children (the PostgreSQL postmaster and its backends). */
    static double cpuSecondsWithChildren(long pid) {
        double total = cpuSeconds(pid);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == pid) {
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    /** Machine-wide CPU ticks: {total, idle (idle + iowait)}. */
    static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] { total, Long.parseLong(f[4]) + Long.parseLong(f[5]) };
        } catch (IOException | RuntimeException e) {
            return new long[] { 0, 0 };
        }
    }

    /** A CPU account over a time window: started with {@link #begin}, read with {@link Window#end}. */
    record Window(long servicePid, long postgresPid, long startNanos, double service, double postgres, double self,
            long[] machine) {

        static Window begin(long servicePid, long postgresPid) {
            return new Window(servicePid, postgresPid, System.nanoTime(),
                    servicePid > 0 ? cpuSeconds(servicePid) : 0, cpuSecondsWithChildren(postgresPid),
                    cpuSeconds(ProcessHandle.current().pid()), machineTicks());
        }

        /** "service x.x s, PostgreSQL y.y s, client z.z s, other w.w s of n.n core-s (busy b%)". */
        String end() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            double svc = servicePid > 0 ? cpuSeconds(servicePid) - service : 0;
            double pg = cpuSecondsWithChildren(postgresPid) - postgres;
            double client = cpuSeconds(ProcessHandle.current().pid()) - self;
            long[] now = machineTicks();
            double totalTicks = now[0] - machine[0];
            double busy = totalTicks <= 0 ? 0 : 1 - (now[1] - machine[1]) / totalTicks;
            int cores = Runtime.getRuntime().availableProcessors();
            double busyCoreSeconds = busy * wall * cores;
            double other = Math.max(0, busyCoreSeconds - svc - pg - client);
            return "CPU over %.1f s on %d cores: service %.1f s, PostgreSQL %.1f s, benchmark client %.1f s, "
                    .formatted(wall, cores, svc, pg, client)
                    + "other processes %.1f s; machine busy %.0f%%".formatted(other, busy * 100);
        }
    }
}
