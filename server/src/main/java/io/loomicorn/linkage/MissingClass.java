package io.loomicorn.linkage;

import java.nio.file.Path;

/**
 * A class that the application's code names but that its class loader cannot find.
 *
 * @param missing  the missing class, as a binary name ({@code com.acme.Dependency})
 * @param referrer the class that names it
 * @param where    the class path entry that holds the referrer
 */
public record MissingClass(String missing, String referrer, Path where) {

    /** Returns the one line that says which class is missing and who needs it. */
    public String describe() {
        return "class " + missing + " is missing from the classpath (referenced by " + referrer + " in " + where + ")";
    }
}
