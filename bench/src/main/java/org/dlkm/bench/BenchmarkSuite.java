package org.dlkm.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.dlkm.bench.report.BenchReport;
import org.dlkm.bench.report.RunRecord;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and prints, at the end, one line per figure (see {@link ReportLine}). Each JMH group runs
 * its dlkm benchmark and its baseline (raw Felix; for P3 a direct call) in the same run; JMH's own log and JSON
 * results go to the distribution's {@code results/} directory, a short line per measured benchmark to standard
 * output.
 *
 * <p>Usage: {@code java -jar dlkm-bench.jar [--quick] [P1 ... P11]}: all groups by default;
 * {@code --quick} runs one fork and a few iterations each, enough to see the shape, not to quote.
 *
 * <p>Why this class is large: it is the one table of the groups, each with its JMH selection, its report lines and
 * its goals, a few lines per group; the benchmarks themselves, the fixtures and the goals are classes of their own.
 */
public final class BenchmarkSuite {
    private static final String USAGE = "usage: bench/run [--quick] [P1] [P2] [P3] [P4] [P5] [P6] [P7] [P8] [P9]"
            + " [P10] [P11]";
    /** The heap of each forked benchmark JVM: the same for every run. */
    private static final String[] FORK_HEAP = {"-Xms1g", "-Xmx1g"};
    private static final int P8_WARMUP = 500;
    private static final int P8_CYCLES = 10_000;

    /** The benchmark groups, each printing its own summary lines. */
    enum Group {
        P1(LoadUnloadBenchmark.class, "load + unload of nfshaper, and of e100 with vmklinux loaded, vs raw Felix"
                + " starting the module's peer bundle (an activator doing the module's work) and, the floor, the"
                + " module's own jar"),
        P2(AutoloadBenchmark.class, "cold autoload through a service demand, tracker open to service, vs raw Felix"
                + " installing and starting the same bundle with an activator registering the service"),
        P3(StubCallBenchmark.class, "a call through a stub of a loaded module vs tracker.getService() and the call,"
                + " on the same service object"),
        P4(PlanBenchmark.class, "planning a demand load in random catalogs of 1,000 and 10,000 modules; plan ="
                + " KernelService.plan on a booted kernel, planner = LoadPlanner alone on the same graph, numbered"
                + " once"),
        P5(BootBenchmark.class, "boot to a ready kernel (boot list: nfshaper) vs raw Felix with the same bundles"
                + " starting nfshaper's peer bundle and, the floor, without it"),
        P6(ShaperBenchmark.class, "an nfshaper shaper's cost per frame (offer + release on a virtual clock), below its"
                + " average rate and saturated, vs a pass-through filter making the same calls"),
        P7(ChainBenchmark.class, "demand load of a chain of 100 and 1,000 modules vs raw Felix installing it"),
        P8(null, P8_CYCLES + " load/unload cycles of nfshaper: retained heap and module class loaders"),
        P9(HotDeployBenchmark.class, "hot deployment with FileInstall polling every " + HotDeployBenchmark.POLL_MILLIS
                + " ms: a new jar landing to its module registered; a loaded module's reload by a replacement vs"
                + " config -M + kmupdate -M -i of the same image"),
        P10(null, "an attached command, ./dlkm -c '" + AttachLatency.COMMAND + "' against a running daemon, as a"
                + " whole process from start to exit, vs java -version on the same JVM"),
        P11(CatalogScaleBenchmark.class, "the scale of the catalog: boot with 100, 1,000 and 10,000 registered modules,"
                + " and kmadmin -S on them");

        final Class<?> benchmark;
        final String what;

        Group(Class<?> benchmark, String what) {
            this.benchmark = benchmark;
            this.what = what;
        }
    }

    /**
     * How a group runs: forks, warm-up and measurement iterations; the iteration times are null for single-shot
     * benchmarks, whose every iteration is one invocation.
     */
    record Settings(int forks, int warmups, TimeValue warmupTime, int measurements, TimeValue measurementTime) {
        String describe() {
            String shape = warmupTime == null ? warmups + " warm-up and " + measurements + " measured invocations"
                    : warmups + " x " + warmupTime + " warm-up and " + measurements + " x " + measurementTime
                            + " measured iterations";
            return forks + (forks == 1 ? " fork, " : " forks, ") + shape;
        }
    }

    private final boolean quick;
    private final Distribution distribution;
    private final PrintStream out;
    private final List<String> summary = new ArrayList<>();
    private final Goals goals = new Goals();
    private boolean complete = true;

    private BenchmarkSuite(boolean quick, Distribution distribution, PrintStream out) {
        this.quick = quick;
        this.distribution = distribution;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<Group> groups = EnumSet.noneOf(Group.class);
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--report-only") || arg.startsWith("--report-only=")) {
                // the report again from saved lines: this run's results, or those of the file named
                Optional<Path> results = arg.contains("=") ? Optional.of(Path.of(arg.substring(arg.indexOf('=') + 1)))
                        : Optional.empty();
                System.exit(report(Distribution.locate(), System.out).rewrite(results) ? 0 : 1);
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else {
                try {
                    groups.add(Group.valueOf(arg.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    System.err.println("bench/run: unknown benchmark '" + arg + "'; " + USAGE);
                    System.exit(2);
                }
            }
        }
        if (groups.isEmpty()) {
            groups = EnumSet.allOf(Group.class);
        }
        BenchmarkSuite suite = new BenchmarkSuite(quick, Distribution.locate(), System.out);
        System.exit(suite.run(groups) ? 0 : 1);
    }

    static Settings settings(Group group, boolean quick) {
        TimeValue second = TimeValue.seconds(1);
        TimeValue two = TimeValue.seconds(2);
        return switch (group) {
            case P1, P4 -> quick ? new Settings(1, 5, second, 4, second) : new Settings(3, 8, two, 5, two);
            // the stub's reflective path and the autoload's threads reach their compiled form late on a loaded
            // machine: 5 s of warm-up left P3's stub calls at 300-700 ns/op, 10 s at 15-20
            case P2 -> quick ? new Settings(1, 8, second, 5, second) : new Settings(3, 8, two, 5, two);
            case P3 -> quick ? new Settings(1, 10, second, 5, second) : new Settings(3, 8, two, 5, two);
            case P5 -> quick ? new Settings(1, 5, null, 10, null) : new Settings(3, 10, null, 20, null);
            // nanoseconds with no framework: short iterations suffice, three forks in a full run as for P3
            case P6 -> quick ? new Settings(1, 5, second, 5, second) : new Settings(3, 5, two, 5, two);
            case P7 -> quick ? new Settings(1, 3, null, 4, null) : new Settings(2, 4, null, 8, null);
            case P8 -> new Settings(0, P8_WARMUP, null, P8_CYCLES, null);
            case P9 -> quick ? new Settings(1, 10, null, 30, null) : new Settings(2, 20, null, 60, null);
            // whole processes, alternating with java -version: the first attached runs write the client's archive
            case P10 -> quick ? new Settings(0, 3, null, 21, null) : new Settings(0, 5, null, 61, null);
            // boots are single shots; kmadmin -S runs for iterations of a second each, set on its method
            case P11 -> quick ? new Settings(1, 3, null, 5, null) : new Settings(2, 5, null, 10, null);
        };
    }

    /** @return whether every group produced its figures */
    private boolean run(Set<Group> groups) throws Exception {
        long start = System.nanoTime();
        String mode = quick ? "quick run (--quick): one fork and few iterations per benchmark, figures indicative only;"
                + " a full run forks 2-3 times and iterates longer" : "full run";
        out.println("dlkm benchmarks: " + mode);
        out.println("JMH logs and JSON results: " + distribution.results());
        out.println("Framework storage, kernel homes and generated modules under " + TempFiles.base());
        for (Group group : groups) {
            out.println();
            out.println("== " + group + ": " + group.what);
            out.println("   " + (group == Group.P8 ? P8_WARMUP + " warm-up cycles, " + P8_CYCLES + " measured"
                    : group == Group.P10 ? settings(group, quick).warmups() + " warm-up and "
                            + settings(group, quick).measurements() + " measured pairs"
                    : settings(group, quick).describe()));
            if (group == Group.P4) {
                out.println("   " + closures());
            }
            long groupStart = System.nanoTime();
            if (group == Group.P8) {
                retainedHeap();
            } else if (group == Group.P10) {
                attachLatency();
            } else {
                summarise(group, measure(group));
            }
            out.printf(Locale.ROOT, "   (%d s)%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - groupStart));
        }
        out.println();
        out.printf(Locale.ROOT, "Summary (%s, %d s):%n", quick ? "quick run, indicative only" : "full run",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        summary.forEach(out::println);
        out.println();
        out.println("Goals (issues 4, 12, 13, 14 and 15)" + (quick ? ", judged on this quick run:" : ":"));
        goals.lines().forEach(out::println);
        out.println();
        boolean reported = report(distribution, out).publish(RunRecord.now(quick,
                groups.stream().map(Group::name).toList(), summary, goals.lines()));
        return complete && reported;
    }

    /** @return the HTML report beside the distribution, with each group's description */
    private static BenchReport report(Distribution distribution, PrintStream out) throws IOException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Group group : Group.values()) {
            descriptions.put(group.name(), group.what);
        }
        return BenchReport.beside(distribution.results().getParent(), descriptions, out);
    }

    /** @return how many modules a plan of the top module loads in each of P4's catalogs */
    private static String closures() {
        StringBuilder sb = new StringBuilder("modules planned (closure of the top module):");
        for (int size : new int[] {1_000, 10_000}) {
            SyntheticCatalog catalog = SyntheticCatalog.random(size, PlanBenchmark.SEED);
            sb.append(String.format(Locale.ROOT, " %d of %d;", catalog.closureSize(catalog.top()), size));
        }
        return sb.substring(0, sb.length() - 1);
    }

    private Collection<RunResult> measure(Group group) throws IOException {
        Settings s = settings(group, quick);
        Path results = distribution.results();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(group.benchmark.getName()) + "\\.")
                .forks(s.forks())
                .warmupIterations(s.warmups())
                .measurementIterations(s.measurements())
                .jvmArgsAppend(FORK_HEAP)
                .output(results.resolve(group + ".log").toString())
                .resultFormat(ResultFormatType.JSON)
                .result(results.resolve(group + ".json").toString());
        if (s.warmupTime() != null) {
            options.warmupTime(s.warmupTime()).measurementTime(s.measurementTime());
        }
        try {
            Collection<RunResult> runs = new Runner(options.build()).run();
            for (RunResult r : runs) {
                Result<?> primary = r.getPrimaryResult();
                out.printf(Locale.ROOT, "   %s %s: %s ± %s %s%n", shortName(r), r.getParams().getParamsKeys().stream()
                        .map(k -> k + "=" + r.getParams().getParam(k)).reduce((a, b) -> a + " " + b).orElse(""),
                        ReportLine.figure(primary.getScore()), ReportLine.figure(primary.getScoreError()),
                        primary.getScoreUnit());
            }
            return runs;
        } catch (RunnerException e) {
            out.println("   JMH failed: " + e.getMessage() + " (see " + results.resolve(group + ".log") + ")");
            return List.of();
        }
    }

    private void summarise(Group group, Collection<RunResult> runs) {
        switch (group) {
            case P1 -> {
                for (String module : List.of("nfshaper", "e100")) {
                    Double ratio = compare(runs, "P1", "load-unload-" + module + " vs peer", "module", module, "peer",
                            "us/op");
                    compare(runs, "P1", "load-unload-" + module + " vs floor", "module", module, "floor", "us/op");
                    if (ratio != null) {
                        goals.p1(module, ratio);
                    }
                }
            }
            case P2 -> {
                Double ratio = compare(runs, "P2", "autoload-service", null, null, "raw", "us/op");
                if (ratio != null) {
                    goals.p2(ratio);
                }
            }
            case P3 -> {
                Double ratio = compare(runs, "P3", "stub-call", null, null, "direct", "ns/op");
                if (ratio != null) {
                    goals.p3(ratio);
                }
                stubParts(runs);
            }
            case P4 -> {
                double[] plan = scale(runs, "P4", "plan", "kernelPlan", 10_000, 1_000, "us/op");
                if (plan != null) {
                    goals.p4(plan[0], plan[0] / plan[1]);
                }
                scale(runs, "P4", "planner", "planner", 10_000, 1_000, "us/op");
            }
            case P5 -> {
                Double ratio = compare(runs, "P5", "boot vs peer", null, null, "peer", "ms/op");
                compare(runs, "P5", "boot vs floor", null, null, "floor", "ms/op");
                if (ratio != null) {
                    goals.p5(ratio);
                }
            }
            case P7 -> {
                compare(runs, "P7", "chain-100", "length", "100", "raw", "ms/op");
                compare(runs, "P7", "chain-1000", "length", "1000", "raw", "ms/op");
                Double dlkm100 = score(runs, "dlkm", "length", "100");
                Double dlkm1000 = score(runs, "dlkm", "length", "1000");
                Double raw100 = score(runs, "raw", "length", "100");
                Double raw1000 = score(runs, "raw", "length", "1000");
                if (dlkm100 == null || dlkm1000 == null || raw100 == null || raw1000 == null) {
                    missing("P7", "t(1000)/t(100)");
                } else {
                    summary.add(ReportLine.ratios("P7", "t(1000)/t(100)", dlkm1000 / dlkm100, raw1000 / raw100));
                    goals.p7(dlkm1000 / raw1000, dlkm1000 / dlkm100, raw1000 / raw100);
                }
            }
            case P6 -> shaperCost(runs);
            case P11 -> catalogScale(runs);
            case P9 -> hotDeployment(runs);
            default -> throw new IllegalArgumentException(group + " is not a JMH group");
        }
    }

    /**
     * P9: the deploy latency beyond the poll interval (FileInstall acts on a new file on the scan after the one that
     * first saw it unchanged, so one interval is the design's own wait), and the reload by a replacement against
     * {@code config -M} + {@code kmupdate -M -i}.
     */
    private void hotDeployment(Collection<RunResult> runs) {
        Double deploy = score(runs, "deploy", null, null);
        if (deploy == null) {
            missing("P9", "deploy-latency");
        } else {
            double above = deploy - HotDeployBenchmark.POLL_MILLIS;
            summary.add(String.format(Locale.ROOT, "P9 deploy-latency: %s ms from the jar landing to its module"
                    + " registered, poll %d ms: %s ms beyond the poll", ReportLine.figure(deploy),
                    HotDeployBenchmark.POLL_MILLIS, ReportLine.figure(above)));
            goals.p9Latency(above);
        }
        Double replace = score(runs, "replace", null, null);
        Double kmupdate = score(runs, "kmupdate", null, null);
        if (replace == null || kmupdate == null) {
            missing("P9", "reload-by-replacement");
        } else {
            summary.add(ReportLine.comparison("P9", "reload-by-replacement", replace, "kmupdate", kmupdate, "ms/op"));
            goals.p9Ratio(replace / kmupdate);
        }
        Double byHand = score(runs, "kminstallKmupdate", null, null);
        if (byHand != null) {
            summary.add(String.format(Locale.ROOT, "P9 reload parts: kminstall -u + config -M + kmupdate -M -i by hand"
                    + " %s ms/op", ReportLine.figure(byHand)));
        }
    }

    /**
     * P11: boot and {@code kmadmin -S} at each size against the size ten times smaller, and the boot with the largest
     * catalog on its own.
     */
    private void catalogScale(Collection<RunResult> runs) {
        double[] boot1000 = scale(runs, "P11", "boot-catalog", "boot", 1_000, 100, "ms/op");
        double[] boot10000 = scale(runs, "P11", "boot-catalog", "boot", 10_000, 1_000, "ms/op");
        double[] status1000 = scale(runs, "P11", "kmadmin-S", "status", 1_000, 100, "ms/op");
        double[] status10000 = scale(runs, "P11", "kmadmin-S", "status", 10_000, 1_000, "ms/op");
        if (boot10000 != null) {
            summary.add(String.format(Locale.ROOT, "P11 boot-catalog-10000: %s ms from framework start to a running"
                    + " kernel with 10,000 registered modules", ReportLine.figure(boot10000[0])));
        }
        goals.p11(ratio(boot1000), ratio(boot10000), ratio(status1000), ratio(status10000),
                boot10000 == null ? null : boot10000[0]);
    }

    /** @return the larger size's figure over the smaller's, or null if either did not run */
    private static Double ratio(double[] scaled) {
        return scaled == null ? null : scaled[0] / scaled[1];
    }

    /**
     * P6: the shaper's time per frame below its average rate, the pass-through filter's, and the difference, which
     * the goal judges; the saturated shaper on a line of its own, against the same baseline.
     */
    private void shaperCost(Collection<RunResult> runs) {
        Double shaper = score(runs, "shaper", null, null);
        Double passThrough = score(runs, "passThrough", null, null);
        if (shaper == null || passThrough == null) {
            missing("P6", "shaper cost per frame");
            return;
        }
        summary.add(ReportLine.beyondBaseline("P6", "shaper cost per frame", shaper, "pass-through", passThrough,
                "ns"));
        Double saturated = score(runs, "shaperSaturated", null, null);
        if (saturated == null) {
            missing("P6", "saturated shaper cost per frame");
        } else {
            summary.add(ReportLine.beyondBaseline("P6", "saturated shaper cost per frame", saturated, "pass-through",
                    passThrough, "ns"));
        }
        goals.p6(shaper, passThrough, saturated);
    }

    /** P3's diagnosis: the stub's way split by parts, each forwarding to the same service. */
    private void stubParts(Collection<RunResult> runs) {
        Double proxyCast = score(runs, "proxyCast", null, null);
        Double classStub = score(runs, "classStub", null, null);
        if (proxyCast != null && classStub != null) {
            summary.add(String.format(Locale.ROOT, "P3 stub-call parts: Proxy with a cast instead of Method.invoke"
                    + " %s ns/op, a plain stub class %s ns/op", ReportLine.figure(proxyCast),
                    ReportLine.figure(classStub)));
        }
    }

    /**
     * @param baseline the baseline's benchmark method, {@code raw}, {@code peer}, {@code floor} or {@code direct},
     *        which names it in the line
     * @return the ratio dlkm/baseline, or null if either did not run
     */
    private Double compare(Collection<RunResult> runs, String id, String name, String param, String value,
            String baseline, String unit) {
        Double dlkm = score(runs, "dlkm", param, value);
        Double base = score(runs, baseline, param, value);
        if (dlkm == null || base == null) {
            missing(id, name);
            return null;
        }
        summary.add(ReportLine.comparison(id, name, dlkm, baseline, base, unit));
        return dlkm / base;
    }

    /** @return the figures at the larger and the smaller number of modules, or null if either did not run */
    private double[] scale(Collection<RunResult> runs, String id, String name, String method, int largeSize,
            int smallSize, String unit) {
        Double large = score(runs, method, "modules", Integer.toString(largeSize));
        Double small = score(runs, method, "modules", Integer.toString(smallSize));
        if (large == null || small == null) {
            missing(id, name);
            return null;
        }
        summary.add(ReportLine.scaling(id, name, largeSize, large, smallSize, small, unit));
        return new double[] {large, small};
    }

    private void missing(String id, String name) {
        complete = false;
        summary.add(ReportLine.missing(id, name, "a benchmark failed; see the JMH log in results/"));
    }

    /** @return the score of the benchmark method with that parameter value, or null if it did not run */
    private static Double score(Collection<RunResult> runs, String method, String param, String value) {
        for (RunResult r : runs) {
            boolean sameMethod = shortName(r).endsWith("." + method);
            boolean sameParam = param == null || value.equals(r.getParams().getParam(param));
            if (sameMethod && sameParam) {
                return r.getPrimaryResult().getScore();
            }
        }
        return null;
    }

    /** @return {@code Class.method} of a run */
    private static String shortName(RunResult r) {
        String full = r.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        int type = full.lastIndexOf('.', method - 1);
        return full.substring(type + 1);
    }

    private void retainedHeap() {
        String name = "load-unload-" + P8_CYCLES;
        try {
            RetainedHeapCheck.Outcome o = RetainedHeapCheck.run(distribution, P8_WARMUP, P8_CYCLES);
            out.printf(Locale.ROOT, "   heap after warm-up %d bytes, after the cycles %d bytes; %.1f us per cycle%n",
                    o.heapBefore(), o.heapAfter(), o.nanosPerCycle() / 1000.0);
            out.println("   live bytes grown most (class histograms after the warm-up and after the cycles):");
            for (ClassHistogram.Growth g : o.grown()) {
                out.printf(Locale.ROOT, "     %+10d bytes %+8d instances  %s%n", g.bytes(), g.instances(), g.className());
            }
            summary.add(String.format(Locale.ROOT, "P8 %s: heap growth %d bytes, class loaders collected %d/%d",
                    name, o.growth(), o.loadersCollected(), o.cycles()));
            goals.p8(o.growth(), o.loadersCollected(), o.cycles());
        } catch (Exception | LinkageError e) {
            out.println("   P8 failed: " + e);
            e.printStackTrace(out);
            complete = false;
            summary.add(ReportLine.missing("P8", name, e.toString()));
        }
    }

    private void attachLatency() {
        Settings s = settings(Group.P10, quick);
        try {
            Path home = TempFiles.directory("p10-home").resolve("var");
            AttachLatency latency = new AttachLatency(AttachLatency.defaultScript(distribution.root()),
                    Path.of(System.getProperty("java.home"), "bin", "java"));
            AttachLatency.Figures f = latency.measure(home, s.warmups(), s.measurements());
            summary.add(ReportLine.comparison("P10", "attached-command", f.dlkmMillis(), "java-version",
                    f.javaMillis(), "ms"));
            goals.p10(f.dlkmMillis(), f.javaMillis());
        } catch (Exception e) {
            out.println("   P10 failed: " + e);
            complete = false;
            summary.add(ReportLine.missing("P10", "attached-command", e.toString()));
        }
    }
}
