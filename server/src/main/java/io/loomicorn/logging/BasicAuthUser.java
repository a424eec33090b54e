package io.loomicorn.logging;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The access log's {@code u} atom: the user name of an HTTP Basic {@code Authorization}. */
final class BasicAuthUser {

    private BasicAuthUser() {
    }

    /**
     * Extracts the user name.
     *
     * @param authorization the Authorization header, or null
     * @return the decoded text before the first {@code :} (all of it without a colon), or
     *         null if the header is absent, not Basic, or not base64 of UTF-8 text
     */
    static String of(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "basic", 0, 5)) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
    }
}
