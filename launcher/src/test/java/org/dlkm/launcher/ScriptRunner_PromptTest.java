package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The prompt {@code -x} prints is the one the interactive shell shows, so a traced script reads like a session. */
class ScriptRunner_PromptTest {

    @Test
    void theShellProfileSetsThePromptThatTracePrints() throws IOException {
        String profile = Files.readString(Path.of("src/main/dist/etc/gosh_profile"), StandardCharsets.UTF_8);

        assertTrue(profile.contains("prompt = '" + ScriptRunner.PROMPT + "'"),
                "etc/gosh_profile must set prompt = '" + ScriptRunner.PROMPT + "'");
    }
}
