package org.dlkm.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** What the tests read back from a written jar. */
final class JarContents {
    private JarContents() {
    }

    /** @return the jar's main manifest attributes, by name */
    static Map<String, String> headers(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            Map<String, String> headers = new TreeMap<>();
            for (Map.Entry<Object, Object> e : file.getManifest().getMainAttributes().entrySet()) {
                headers.put(((Attributes.Name) e.getKey()).toString(), (String) e.getValue());
            }
            return headers;
        }
    }

    /** @return the names of the jar's entries, in their order */
    static List<String> entries(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }
}
