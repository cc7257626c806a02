package org.dlkm.bench.report;

import java.time.Instant;
import java.util.List;

/** Records of made-up runs for the tests, with lines in the suite's forms. */
final class Runs {
    static final String P1_NFSHAPER = "P1 load-unload-nfshaper: dlkm 1539.9 us/op, raw 739.0 us/op, ratio 2.08";
    static final String P4_PLAN = "P4 plan: n=10000 1039.7 us/op, n=1000 55.2 us/op, ratio 18.83";
    static final String P4_GOAL = "P4 plan of 10,000 modules <= 5 ms, near-linear (<= 12x for 10x): MISSED (1.0 ms,"
            + " 18.8x)";
    static final String P7_100 = "P7 chain-100: dlkm 233.6 ms/op, raw 209.2 ms/op, ratio 1.12";
    static final String P7_1000 = "P7 chain-1000: dlkm 3699.4 ms/op, raw 2637.4 ms/op, ratio 1.40";
    static final String P7_SCALING = "P7 t(1000)/t(100): dlkm 15.84, raw 12.60, ratio 1.26";
    static final String P7_GOAL = "P7 t(1000)/t(100) <= 11: MISSED (dlkm 15.84, raw Felix 12.60)";

    private Runs() {
    }

    /** @return a quick run on Java 17 and 2 cores, ended at that time */
    static RunRecord run(String ended, List<String> summary, List<String> goals) {
        List<String> ids = summary.stream().map(s -> s.substring(0, s.indexOf(' '))).distinct().toList();
        return new RunRecord(Instant.parse(ended), true, ids, "17.0.15", 2, summary, goals);
    }
}
