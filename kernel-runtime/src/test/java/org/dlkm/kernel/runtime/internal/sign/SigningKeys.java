package org.dlkm.kernel.runtime.internal.sign;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jdk.security.jarsigner.JarSigner;

/**
 * Keys made as an administrator makes them, with the JDK's own {@code keytool} run as a process, and jars signed with
 * the JDK's {@link JarSigner} (what {@code jarsigner} runs): for the verifier's tests.
 */
final class SigningKeys {
    static final String PASSWORD = "changeit";

    private SigningKeys() {
    }

    /** Runs {@code keytool} with the arguments; fails with its output if it fails. */
    static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + out);
        }
    }

    /**
     * Makes a key pair with a self-signed certificate in a new PKCS12 key store.
     *
     * @param keyalg {@code RSA} or {@code EC}
     * @return the key store
     */
    static Path keyPair(Path dir, String alias, String dname, String keyalg, String... more)
            throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", PASSWORD, "-alias", alias, "-dname", dname, "-keyalg", keyalg, "-validity",
                "3650"));
        args.addAll(List.of(more));
        keytool(args.toArray(new String[0]));
        return store;
    }

    /** Exports a key's certificate as PEM, as the README tells an administrator to. */
    static Path exportCertificate(Path store, String alias, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        keytool("-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", PASSWORD, "-alias", alias,
                "-file", file.toString());
        return file;
    }

    /** Signs a jar with a key of a key store, into a new file. */
    static Path sign(Path jar, Path store, String alias, Path signed) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance(store.toFile(), PASSWORD.toCharArray());
        KeyStore.PrivateKeyEntry key = (KeyStore.PrivateKeyEntry) keys.getEntry(alias,
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            new JarSigner.Builder(key).build().sign(in, out);
        }
        return signed;
    }

    /** Writes a jar with a manifest and the given entries. */
    static Path jar(Path file, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.acme.signed");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    /**
     * Copies a jar entry by entry, as a tool that does not know signatures rewrites one.
     *
     * @param replace new contents by entry name (an entry not in the jar is added at the end)
     */
    static Path rewritten(Path jar, Path copy, Map<String, String> replace) throws IOException {
        java.util.Set<String> done = new java.util.HashSet<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (replace.containsKey(e.getName())) {
                    bytes = replace.get(e.getName()).getBytes(StandardCharsets.UTF_8);
                    done.add(e.getName());
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : replace.entrySet()) {
                if (!done.contains(e.getKey())) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    /** @return whether the jar's manifest names the entry, as a signed jar's does */
    static boolean manifestNames(Path jar, String entry) throws IOException {
        try (JarFile j = new JarFile(jar.toFile(), false)) {
            return j.getManifest().getEntries().containsKey(entry);
        }
    }
}
