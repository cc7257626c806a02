package org.dlkm.kernel.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The parameter values of one load, already validated against the module's declaration: every declared
 * parameter has a value (the one given, or its default). Immutable.
 */
@ProviderType
public interface ModuleParameters {

    /** @return the value of an {@code int} parameter */
    int getInt(String name);

    /** @return the value of a {@code long} parameter */
    long getLong(String name);

    /** @return the value of a {@code bool} parameter */
    boolean getBoolean(String name);

    /** @return the value of any parameter, as a string */
    String getString(String name);

    /** @return every value, by name, in declaration order */
    Map<String, String> asMap();
}
