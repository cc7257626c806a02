package org.dlkm.launcher;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waits until the commands a script may use are registered. Declarative Services registers command
 * services asynchronously, so a script started as soon as the bundles are would race it and fail
 * with "Command not found".
 *
 * <p>Stateless; safe to use from any thread.
 */
final class CommandWait {

    /**
     * Framework or system property: more commands to wait for ({@code scope:function}, separated by
     * commas or spaces), beyond those the Declarative Services components declare.
     */
    static final String EXTRA_COMMANDS = "dlkm.await.commands";

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 20;

    private CommandWait() {
    }

    /** The command names in a {@value #EXTRA_COMMANDS} value, lower-case; empty for {@code null}. */
    static Set<String> parse(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Polls until every awaited command is registered or {@code timeout} has passed. Both sets are
     * asked again at each poll: what is awaited grows as Declarative Services reads bundles.
     *
     * @return the awaited commands still missing at the end: empty when all arrived
     */
    static Set<String> await(Supplier<Set<String>> awaited, Supplier<Set<String>> registered, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> missing = new TreeSet<>(awaited.get());
            missing.removeAll(registered.get());
            if (missing.isEmpty() || System.nanoTime() - deadline >= 0) {
                return missing;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
