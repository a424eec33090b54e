package io.loomicorn.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM file (RFC 7468): {@code -----BEGIN LABEL-----}, base64, and
 * {@code -----END LABEL-----}. Text between blocks is ignored, as openssl writes some
 * ({@code openssl x509 -text}, the "Bag Attributes" of {@code openssl pkcs12}).
 */
final class PemFile {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * One block.
     *
     * @param label     e.g. {@code CERTIFICATE} or {@code RSA PRIVATE KEY}
     * @param encrypted whether it carries OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} header
     * @param der       the decoded bytes
     */
    record Block(String label, boolean encrypted, byte[] der) {
    }

    private PemFile() {
    }

    /** Tells whether the bytes look like PEM text rather than binary (a PKCS#12 keystore). */
    static boolean isPem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains(BEGIN);
    }

    /**
     * Reads every block.
     *
     * @param content the file's bytes
     * @return the blocks, in file order
     * @throws IllegalArgumentException with a short reason when a block is malformed
     */
    static List<Block> parse(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) {
                return blocks;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            int lineEnd = text.indexOf('\n', begin);
            if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
                throw new IllegalArgumentException("a PEM BEGIN line is malformed");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, labelEnd);
            if (end < 0) {
                throw new IllegalArgumentException("the PEM block " + label + " has no END line");
            }
            blocks.add(block(label, text.substring(labelEnd + DASHES.length(), end)));
            at = end + endLine.length();
        }
    }

    private static Block block(String label, String body) {
        boolean encrypted = false;
        StringBuilder base64 = new StringBuilder(body.length());
        for (String line : body.split("\r?\n")) {
            String l = line.strip();
            if (l.contains(":")) {
                // RFC 1421 headers of OpenSSL's legacy format: Proc-Type, DEK-Info.
                encrypted |= l.startsWith("Proc-Type:") && l.contains("ENCRYPTED");
                continue;
            }
            base64.append(l);
        }
        try {
            return new Block(label, encrypted, Base64.getDecoder().decode(base64.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block " + label + " is not valid base64");
        }
    }
}
