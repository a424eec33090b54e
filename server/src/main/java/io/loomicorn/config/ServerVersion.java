package io.loomicorn.config;

/**
 * The version that {@code --version} prints: the jar manifest's {@code Implementation-Version}
 * when the server runs from a jar that has one, else the version this source belongs to.
 */
final class ServerVersion {

    /** The project version, used when there is no manifest entry (e.g. running from classes). */
    static final String FALLBACK = "0.1.0-SNAPSHOT";

    private ServerVersion() {
    }

    /** Returns the version number, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String number() {
        String fromManifest = ServerVersion.class.getPackage().getImplementationVersion();
        return fromManifest == null || fromManifest.isBlank() ? FALLBACK : fromManifest;
    }

    /** Returns the line {@code --version} prints: {@code loomicorn (version 0.1.0-SNAPSHOT)}. */
    static String text() {
        return "loomicorn (version " + number() + ")";
    }
}
