package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DeclaredCommands_PropertiesTest {

    @Test
    void eachFunctionOfAnArrayIsACommandOfTheScope() {
        assertEquals(Set.of("dlkm:vmkload_mod", "dlkm:scanpci"), DeclaredCommands.commands(Map.of(
                "osgi.command.scope", "dlkm", "osgi.command.function", new String[] {"vmkload_mod", "scanpci"})));
    }

    @Test
    void aSingleFunctionOrACollectionWorkToo() {
        assertEquals(Set.of("dlkm:kmtune"), DeclaredCommands.commands(Map.of(
                "osgi.command.scope", "dlkm", "osgi.command.function", "kmtune")));
        assertEquals(Set.of("dlkm:ls", "dlkm:cat"), DeclaredCommands.commands(Map.of(
                "osgi.command.scope", "dlkm", "osgi.command.function", List.of("ls", "cat"))));
    }

    @Test
    void namesAreLowerCasedAsGogoListsThem() {
        assertEquals(Set.of("dlkm:mk_kernel"), DeclaredCommands.commands(Map.of(
                "osgi.command.scope", "DLKM", "osgi.command.function", "MK_KERNEL")));
    }

    @Test
    void aComponentWithoutScopeDeclaresNoCommand() {
        assertEquals(Set.of(), DeclaredCommands.commands(Map.of("osgi.command.function", "lb")));
        assertEquals(Set.of(), DeclaredCommands.commands(Map.of("osgi.command.scope", "dlkm")));
    }
}
