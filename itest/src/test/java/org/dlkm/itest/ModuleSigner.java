package org.dlkm.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and signatures made as the README tells an administrator to, with the JDK's {@code keytool} and
 * {@code jarsigner} run as processes: a vendor's key, whose certificate is exported into the home's trust store
 * ({@code etc/keys}), and a stranger's. The key stores live beside the home, never in it.
 */
final class ModuleSigner {
    private static final String PASSWORD = "changeit";

    private final Path keys;

    /** @param keys the directory of the key stores */
    private ModuleSigner(Path keys) {
        this.keys = keys;
    }

    /** Makes the keys for this home the first time, and exports the vendor's certificate into its trust store. */
    static ModuleSigner forHome(Path home) throws IOException, InterruptedException {
        Path keys = home.resolveSibling(home.getFileName() + "-keys");
        if (!Files.isDirectory(keys)) {
            Path dir = Files.createDirectories(keys.resolveSibling(keys.getFileName() + ".tmp"));
            for (String[] key : new String[][] {{"vendor", "CN=Module Vendor,O=Acme"}, {"stranger", "CN=Stranger"}}) {
                run("keytool", "-genkeypair", "-keystore", dir.resolve(key[0] + ".p12").toString(), "-storepass",
                        PASSWORD, "-alias", key[0], "-dname", key[1], "-keyalg", "EC", "-validity", "3650");
            }
            run("keytool", "-exportcert", "-rfc", "-keystore", dir.resolve("vendor.p12").toString(), "-storepass",
                    PASSWORD, "-alias", "vendor", "-file",
                    Files.createDirectories(home.resolve("etc/keys")).resolve("vendor.pem").toString());
            Files.move(dir, keys);
        }
        return new ModuleSigner(keys);
    }

    /**
     * @param key {@code vendor} (trusted) or {@code stranger}
     * @return a copy of the jar signed with that key, beside it
     */
    Path signed(Path jar, String key) throws IOException, InterruptedException {
        Path signed = jar.resolveSibling("signed-" + key + "-" + jar.getFileName());
        run("jarsigner", "-keystore", keys.resolve(key + ".p12").toString(), "-storepass", PASSWORD, "-signedjar",
                signed.toString(), jar.toString(), key);
        return signed;
    }

    private static void run(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(tool + " " + String.join(" ", arguments) + " failed: " + out);
        }
    }
}
