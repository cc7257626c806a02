package org.dlkm.kernel.device;

/** The check every statistics builder applies to a counter. Stateless. */
final class Counters {
    private Counters() {
    }

    /**
     * @param name the counter, for the message
     * @param count its value
     * @return the value
     * @throws IllegalArgumentException if the value is negative
     */
    static long count(String name, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " is " + count + ": a counter cannot be negative");
        }
        return count;
    }
}
