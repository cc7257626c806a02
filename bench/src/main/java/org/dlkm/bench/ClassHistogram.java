package org.dlkm.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The live objects of the heap by class, as {@code jcmd <pid> GC.class_histogram} prints them (taken through the
 * HotSpot diagnostic command MBean, after a full collection), and the difference between two: what a run left
 * behind.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    /**
     * The growth of one class between two histograms.
     *
     * @param className the class, as the histogram names it ({@code [B} for byte arrays)
     * @param instances the change in live instances
     * @param bytes the change in bytes
     */
    public record Growth(String className, long instances, long bytes) {
    }

    private final Map<String, long[]> rows;

    private ClassHistogram(Map<String, long[]> rows) {
        this.rows = rows;
    }

    /**
     * @return the histogram of the live heap now
     * @throws IllegalStateException if the JVM has no diagnostic command MBean (not HotSpot)
     */
    public static ClassHistogram take() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName command = new ObjectName("com.sun.management:type=DiagnosticCommand");
            String text = (String) server.invoke(command, "gcClassHistogram", new Object[] {null},
                    new String[] {String[].class.getName()});
            return parse(text);
        } catch (JMException e) {
            throw new IllegalStateException("cannot take a class histogram: " + e.getMessage(), e);
        }
    }

    /** @return the histogram a {@code GC.class_histogram} text describes */
    static ClassHistogram parse(String text) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                long[] row = rows.computeIfAbsent(m.group(3), k -> new long[2]);
                row[0] += Long.parseLong(m.group(1));
                row[1] += Long.parseLong(m.group(2));
            }
        }
        return new ClassHistogram(rows);
    }

    /**
     * @param earlier a histogram taken before this one
     * @param top how many classes to return at most
     * @return the classes whose bytes grew most since {@code earlier}, largest growth first
     */
    public List<Growth> grownSince(ClassHistogram earlier, int top) {
        List<Growth> grown = new ArrayList<>();
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            long[] before = earlier.rows.getOrDefault(e.getKey(), new long[2]);
            long bytes = e.getValue()[1] - before[1];
            if (bytes > 0) {
                grown.add(new Growth(e.getKey(), e.getValue()[0] - before[0], bytes));
            }
        }
        grown.sort(Comparator.comparingLong(Growth::bytes).reversed());
        return grown.size() > top ? List.copyOf(grown.subList(0, top)) : List.copyOf(grown);
    }
}
