package org.dlkm.kernel;

/** The type of a module parameter, as declared in the module's {@code DLKM-Parameters} manifest header. */
public enum ParameterType {
    /** A 32-bit signed integer, decimal or {@code 0x} hexadecimal. */
    INT,
    /** A 64-bit signed integer, decimal or {@code 0x} hexadecimal. */
    LONG,
    /** A boolean: {@code 0}/{@code 1}, {@code y}/{@code n}, {@code true}/{@code false}. */
    BOOL,
    /** Any string. */
    STRING
}
