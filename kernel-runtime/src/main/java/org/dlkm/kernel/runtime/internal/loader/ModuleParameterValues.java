package org.dlkm.kernel.runtime.internal.loader;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dlkm.kernel.spi.ModuleParameters;

/** The validated parameter values of one load. Immutable. */
public final class ModuleParameterValues implements ModuleParameters {
    private final Map<String, String> values;

    public ModuleParameterValues(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public int getInt(String name) {
        return Integer.parseInt(value(name));
    }

    @Override
    public long getLong(String name) {
        return Long.parseLong(value(name));
    }

    @Override
    public boolean getBoolean(String name) {
        return "1".equals(value(name));
    }

    @Override
    public String getString(String name) {
        return value(name);
    }

    @Override
    public Map<String, String> asMap() {
        return values;
    }

    private String value(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' is declared; declared: " + values.keySet());
        }
        return v;
    }
}
