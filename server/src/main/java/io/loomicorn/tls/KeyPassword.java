package io.loomicorn.tls;

import io.loomicorn.config.ConfigException;
import io.loomicorn.config.Settings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The password of an encrypted key or a PKCS#12 keystore: read from the file named by
 * {@code keyfile_password_file}, or from the environment variable named by
 * {@code keyfile_password_env}; never a setting's value, so that it cannot reach a command
 * line, {@code --print-config} or the settings handed to workers.
 */
final class KeyPassword {

    private KeyPassword() {
    }

    /**
     * Reads the password, if one is configured.
     *
     * @param file the {@code keyfile_password_file} setting
     * @param env  the {@code keyfile_password_env} setting
     * @param environment the process environment
     * @return the password, or {@code null} when neither setting is set
     * @throws ConfigException when both are set, or the file or variable cannot be read
     */
    static char[] read(Optional<String> file, Optional<String> env, Map<String, String> environment) {
        if (file.isPresent() && env.isPresent()) {
            throw new ConfigException("Error: keyfile_password_file and keyfile_password_env are both set;"
                    + " set one of them");
        }
        if (file.isPresent()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(file.get()));
            } catch (IOException e) {
                throw Settings.KEYFILE_PASSWORD_FILE.invalidValue(file.get(), TlsMaterial.cannotRead(e));
            }
            try {
                return withoutLineBreak(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)));
            } catch (CharacterCodingException e) {
                throw Settings.KEYFILE_PASSWORD_FILE.invalidValue(file.get(), "the password is not UTF-8 text");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        if (env.isPresent()) {
            String value = environment.get(env.get());
            if (value == null) {
                throw Settings.KEYFILE_PASSWORD_ENV.invalidValue(env.get(), "the environment has no variable "
                        + env.get());
            }
            return withoutLineBreak(CharBuffer.wrap(value));
        }
        return null;
    }

    /** Drops one trailing {@code \n} or {@code \r\n}, as {@code echo pw > file} and secrets leave it. */
    private static char[] withoutLineBreak(CharBuffer text) {
        int end = text.limit();
        if (end > 0 && text.get(end - 1) == '\n') {
            end--;
            if (end > 0 && text.get(end - 1) == '\r') {
                end--;
            }
        }
        char[] password = new char[end];
        text.get(0, password);
        return password;
    }
}
