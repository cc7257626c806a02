package org.dlkm.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to load: the {@code vmkload_mod} command line as a value. Immutable; build one with {@link #builder(String)}.
 */
public final class LoadRequest {
    private final String binary;
    private final String tag;
    private final Map<String, String> parameters;
    private final boolean exportSymbols;
    private final List<String> sharedDevices;
    private final boolean verbose;

    private LoadRequest(Builder b) {
        this.binary = b.binary;
        this.tag = b.tag;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.exportSymbols = b.exportSymbols;
        this.sharedDevices = List.copyOf(b.sharedDevices);
        this.verbose = b.verbose;
    }

    /**
     * @param binary the module binary: a module name ({@code e100}), a name as the seed writes it
     *        ({@code e100.o}, {@code /usr/lib/vmware/vmkmod/e100.o}), or the path of a module jar
     * @return a builder
     */
    public static Builder builder(String binary) {
        return new Builder(binary);
    }

    /** @return the module binary as given */
    public String binary() {
        return binary;
    }

    /** @return the module tag: the base name of the devices the module creates; never null */
    public String tag() {
        return tag;
    }

    /** @return the {@code name=value} parameters, in the order given, as strings not yet validated */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** @return whether the module's exported packages (its symbols) become visible to other modules */
    public boolean exportSymbols() {
        return exportSymbols;
    }

    /** @return the {@code bus:slot} addresses of service-console devices the module may claim and share */
    public List<String> sharedDevices() {
        return sharedDevices;
    }

    /** @return whether the kernel reports each step of the load */
    public boolean verbose() {
        return verbose;
    }

    /** Builds a {@link LoadRequest}. Not thread-safe. */
    public static final class Builder {
        private final String binary;
        private String tag;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private boolean exportSymbols;
        private final List<String> sharedDevices = new ArrayList<>();
        private boolean verbose;

        private Builder(String binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
        }

        /**
         * @param tag the module tag; when absent the module's default is used: the name of the first
         *        {@code $DRIVER_INSTALL} entry of its master file, else the module name
         */
        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        /** Adds one {@code name=value} parameter. */
        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param export whether to export the module's symbols ({@code -e}) */
        public Builder exportSymbols(boolean export) {
            this.exportSymbols = export;
            return this;
        }

        /** Adds a {@code bus:slot} service-console device to claim and share ({@code -d}). */
        public Builder sharedDevice(String busSlot) {
            sharedDevices.add(Objects.requireNonNull(busSlot, "busSlot"));
            return this;
        }

        /** @param verbose whether to report each step */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** @return the request; the tag defaults to the empty string, meaning the module's default tag */
        public LoadRequest build() {
            if (tag == null) {
                tag = "";
            }
            return new LoadRequest(this);
        }
    }
}
