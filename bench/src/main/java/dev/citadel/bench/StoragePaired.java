package dev.citadel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link StorageBench}'s four operations measured in interleaved rounds, for a machine whose disk is shared: each
 * round times a burst of each operation back to back, so every ratio compares figures taken within a second of each
 * other. Prints the median time per operation and the median of the per-round ratios.
 * {@code StoragePaired [ROUNDS [OPS_PER_BURST [SIZE [its|ps]]]]} (defaults 60, 100, 512, its).
 */
public final class StoragePaired {
    private StoragePaired() {}

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        StorageBench b = new StorageBench();
        b.size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        boolean ps = args.length > 3 && args[3].equals("ps");
        b.setUp();
        try {
            String[] names = ps
                    ? new String[] {"psSetOverwrite", "psSetAlternate", "baselineOverwriteInPlace", "baselineRewriteFile"}
                    : new String[] {"itsSetOverwrite", "itsSetAlternate", "baselineOverwriteInPlace",
                        "baselineRewriteFile"};
            Op[] ops = ps
                    ? new Op[] {b::psSetOverwrite, b::psSetAlternate, b::baselineOverwriteInPlace,
                        b::baselineRewriteFile}
                    : new Op[] {b::itsSetOverwrite, b::itsSetAlternate, b::baselineOverwriteInPlace,
                        b::baselineRewriteFile};
            List<double[]> perRound = new ArrayList<>();
            for (int r = -3; r < rounds; r++) { // three warm-up rounds
                double[] us = new double[ops.length];
                for (int i = 0; i < ops.length; i++) {
                    double[] t = new double[burst];
                    for (int k = 0; k < burst; k++) {
                        long start = System.nanoTime();
                        ops[i].run();
                        t[k] = (System.nanoTime() - start) / 1e3;
                    }
                    us[i] = median(t);
                }
                if (r >= 0) {
                    perRound.add(us);
                }
            }
            System.out.printf("%d rounds of %d operations each, size %d B; medians over rounds of per-round medians%n",
                    rounds, burst, b.size);
            for (int i = 0; i < ops.length; i++) {
                int op = i;
                double us = median(perRound.stream().mapToDouble(x -> x[op]).toArray());
                System.out.printf("  %-26s %9.1f us/op  %8.0f ops/s%n", names[i], us, 1e6 / us);
            }
            for (int its = 0; its < 2; its++) {
                for (int base = 2; base < 4; base++) {
                    int a = its;
                    int c = base;
                    // rate ratio store / baseline = baseline time / ITS time, per round
                    double ratio = median(perRound.stream().mapToDouble(x -> x[c] / x[a]).toArray());
                    System.out.printf("  ratio %s / %s: %.2f%n", names[its], names[base], ratio);
                }
            }
        } finally {
            b.tearDown();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
